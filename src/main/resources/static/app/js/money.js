// Money as the server keeps it: integer minor units (BigInt) of an ISO 4217 currency. Never a float.

export const MAX_MINOR = 999_999_999_999n;
const PLAIN_DECIMAL = /^[0-9]+(\.[0-9]+)?$/;
// Where the browser's currency data differs from the server's (Java's ISO 4217 table).
const DECIMALS = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0, KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3, LYD: 3, IQD: 3 };

export const COMMON_CURRENCIES = ['INR', 'USD', 'EUR', 'GBP', 'AED', 'SGD', 'AUD', 'CAD', 'JPY', 'KWD', 'NPR', 'PKR', 'BDT', 'LKR'];

/** How many decimals a currency has (2 for INR, 0 for JPY, 3 for KWD). */
export function decimals(currency) {
  const code = String(currency || '').toUpperCase();
  if (code in DECIMALS) return DECIMALS[code];
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

export function isCurrencyCode(text) {
  if (!/^[A-Za-z]{3}$/.test(text || '')) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: text.toUpperCase() });
    return true;
  } catch {
    return false;
  }
}

/**
 * A plain decimal ("12", "12.5") as a BigInt scaled by `places`, or an error message. Same rules as the
 * server: no sign, exponent, separator or blank; at most `places` decimals.
 */
export function parseScaled(text, places) {
  const value = String(text ?? '').trim();
  if (value === '') return { error: 'is required' };
  if (!PLAIN_DECIMAL.test(value)) return { error: 'must be a plain decimal number such as 12 or 12.50' };
  const [whole, fraction = ''] = value.split('.');
  if (fraction.length > places) {
    return { error: places === 0 ? 'must be a whole number' : `must have at most ${places} decimals` };
  }
  return { value: BigInt(whole + fraction.padEnd(places, '0')) };
}

/** An amount of money typed by a user, in minor units: positive and at most MAX_MINOR. */
export function parseAmount(text, currency) {
  const parsed = parseScaled(text, decimals(currency));
  if (parsed.error) return parsed;
  if (parsed.value <= 0n) return { error: 'must be greater than zero' };
  if (parsed.value > MAX_MINOR) return { error: 'is too large' };
  return { minor: parsed.value };
}

/** The server's exact amount text ("12.50") in minor units. */
export function toMinor(text, currency) {
  const parsed = parseScaled(text, decimals(currency));
  if (parsed.error) throw new Error(`Not an amount: ${text}`);
  return parsed.value;
}

/** Minor units as the plain decimal the API takes and inputs show: 1250n → "12.50". */
export function plain(minor, currency) {
  const places = decimals(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = places ? '.' + digits.slice(digits.length - places) : '';
  return (negative ? '-' : '') + whole + fraction;
}

/** For people: currency code, grouped digits and exactly the currency's decimals ("INR 1,234.50"). */
export function format(minor, currency) {
  const text = plain(minor < 0n ? -minor : minor, currency);
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0n ? '−' : ''}${currency} ${grouped}${fraction !== undefined ? '.' + fraction : ''}`;
}

/** The server's amount text, formatted for people. */
export function formatText(text, currency) {
  return format(toMinor(text, currency), currency);
}

export const SPLIT_MODES = {
  equal: { label: 'Equally', places: null },
  exact: { label: 'Exact amounts', places: 'currency' },
  percent: { label: 'Percentages', places: 2 },
  shares: { label: 'Shares', places: 3 },
};

/**
 * The exact shares of `total` (minor units) for participants, as the server computes them: equal and
 * percent/shares by largest remainder with ties in participants order; exact as given, which must add
 * up. `values` are the typed texts per participant. Answers {shares} or {errors: [{index, message}]}.
 */
export function split(total, currency, mode, values) {
  const n = values.length;
  if (n === 0) return { error: 'Choose at least one participant' };
  if (mode === 'equal') return { shares: largestRemainder(total, Array(n).fill(1n)) };
  const places = mode === 'exact' ? decimals(currency) : SPLIT_MODES[mode].places;
  const errors = [];
  const scaled = values.map((text, index) => {
    const parsed = parseScaled(text === '' ? '0' : text, places);
    if (parsed.error) errors.push({ index, message: parsed.error });
    return parsed.value ?? 0n;
  });
  if (errors.length) return { errors };
  const sum = scaled.reduce((a, b) => a + b, 0n);
  if (mode === 'exact') {
    if (sum !== total) {
      const diff = total - sum;
      return {
        error: diff > 0n ? `${format(diff, currency)} left to assign` : `${format(-diff, currency)} more than the total`,
      };
    }
    return { shares: scaled };
  }
  if (mode === 'percent') {
    if (scaled.some((v) => v > 10000n)) return { error: 'A percentage cannot be above 100' };
    if (sum !== 10000n) return { error: `Percentages add up to ${plain(sum, 'USD')}, not 100` };
  }
  if (mode === 'shares' && sum <= 0n) return { error: 'At least one share must be above 0' };
  return { shares: largestRemainder(total, scaled) };
}

function largestRemainder(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0n);
  const shares = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w) => (total * w) % sum);
  let leftover = total - shares.reduce((a, b) => a + b, 0n);
  const order = weights.map((_, i) => i).sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[b] > remainders[a] ? 1 : -1));
  for (let k = 0; leftover > 0n; k++, leftover--) shares[order[k]] += 1n;
  return shares;
}
