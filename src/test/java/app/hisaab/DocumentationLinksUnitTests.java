package app.hisaab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and {@code docs/} link only to files of this repository that exist: the contract and the
 * design live here, not in a folder next to the checkout.
 */
class DocumentationLinksUnitTests {

    /** {@code [text](target)}, the target without a title; images too. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkInTheDocsNamesAFileOfTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher link = LINK.matcher(withoutCode(Files.readString(doc)));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("#") || target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // an anchor in the same file, or http:, mailto: and the like
                }
                String file = target.replaceFirst("#.*$", "");
                Path resolved = doc.getParent().resolve(file).normalize();
                checked.add(ROOT.relativize(doc) + " -> " + target);
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + " -> " + target);
                }
            }
        }
        assertThat(checked).as("links found").isNotEmpty();
        assertThat(broken)
                .as("links outside the repository or to missing files")
                .isEmpty();
    }

    @Test
    void theContractAndTheDesignAreLinkedFromTheReadme() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(readme).contains("](docs/api.md)").contains("](docs/design.md)");
        assertThat(readme).doesNotContain("../shared");
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** Fenced blocks and inline code hold examples, not links. */
    private static String withoutCode(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
    }
}
