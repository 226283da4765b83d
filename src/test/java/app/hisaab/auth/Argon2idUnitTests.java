package app.hisaab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

class Argon2idUnitTests {

    @Test
    void theRfc9106TestVectorOfArgon2id() {
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associated = filled(12, 0x04);
        long[] memory = new long[Argon2id.words(32, 4)];

        byte[] tag = Argon2id.hash(password, salt, secret, associated, 32, 3, 4, 32, memory);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
        assertThat(memory).as("the blocks are zeroed after the hash").containsOnly(0L);
    }

    @Property(tries = 40)
    void theSameTagAsBouncyCastle(
            @ForAll @Size(max = 40) byte[] password,
            @ForAll @Size(min = 8, max = 24) byte[] salt,
            @ForAll @IntRange(min = 8, max = 300) int memoryKiB,
            @ForAll @IntRange(min = 1, max = 3) int passes,
            @ForAll @IntRange(min = 1, max = 3) int lanes,
            @ForAll @IntRange(min = 4, max = 100) int tagLength) {
        int memory = Math.max(memoryKiB, 8 * lanes);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memory)
                .withIterations(passes)
                .withParallelism(lanes)
                .build());
        byte[] expected = new byte[tagLength];
        generator.generateBytes(password, expected);

        byte[] actual = Argon2id.hash(
                password, salt, memory, passes, lanes, tagLength, new long[Argon2id.words(memory, lanes)]);

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void hashesSpringSecurityWroteStillMatchAndTheOtherWayRound() {
        Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
        Argon2idPasswordEncoder ours = new Argon2idPasswordEncoder(16, 32, 19_456, 2, 2);

        String fromSpring = spring.encode("correct horse battery staple ✓");
        String fromOurs = ours.encode("correct horse battery staple ✓");

        assertThat(ours.matches("correct horse battery staple ✓", fromSpring)).isTrue();
        assertThat(spring.matches("correct horse battery staple ✓", fromOurs)).isTrue();
        assertThat(ours.matches("correct horse battery staple", fromSpring)).isFalse();
        assertThat(fromOurs).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void aHashOfOtherParametersMatchesWithItsOwn() {
        String small = new Argon2PasswordEncoder(8, 20, 2, 64, 3).encode("pw");
        Argon2idPasswordEncoder ours = new Argon2idPasswordEncoder(16, 32, 19_456, 2, 2);

        assertThat(ours.matches("pw", small)).isTrue();
        assertThat(ours.matches("pw2", small)).isFalse();
    }

    @Test
    void anythingThatIsNotAnArgon2idHashMatchesNothing() {
        Argon2idPasswordEncoder ours = new Argon2idPasswordEncoder(16, 32, 64, 1, 1);
        String good = ours.encode("pw");

        assertThat(ours.matches("pw", good)).isTrue();
        for (String bad : new String[] {
            null,
            "",
            "pw",
            "$2a$10$abcdefghijklmnopqrstuv",
            good.replace("$argon2id$", "$argon2i$"),
            good.replace("v=19", "v=16"),
            good.replace("m=64", "m=99999999"),
            good.replace("t=1", "t=x"),
            good.replace("p=1", "p=0"),
            good.substring(0, good.lastIndexOf('$')),
            good + "$extra",
            good.substring(0, good.lastIndexOf('$') + 1) + "!!!",
        }) {
            assertThat(ours.matches("pw", bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void pooledMemoryGivesTheSameHashesAsFreshMemory() {
        Argon2idPasswordEncoder ours = new Argon2idPasswordEncoder(16, 32, 256, 2, 1);
        String first = ours.encode("one");
        String second = ours.encode("two");

        assertThat(ours.matches("one", first)).isTrue();
        assertThat(ours.matches("two", second)).isTrue();
        assertThat(new Argon2PasswordEncoder(16, 32, 1, 256, 2).matches("one", first))
                .isTrue();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
