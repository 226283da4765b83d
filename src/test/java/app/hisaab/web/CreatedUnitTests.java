package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CreatedUnitTests {

    @Test
    void aNewObjectIs201AndAReplayOfTheSameCreateIs200WithTheStoredOne() {
        assertThat(Created.created("new").response().getStatusCode().value()).isEqualTo(201);
        assertThat(Created.created("new").response().getBody()).isEqualTo("new");
        Created<String> replay = Created.replayed(true, "taken", true, "other", () -> "stored");
        assertThat(replay.created()).isFalse();
        assertThat(replay.response().getStatusCode().value()).isEqualTo(200);
        assertThat(replay.response().getBody()).isEqualTo("stored");
        assertThat(Created.replayed(true, () -> "stored").value()).isEqualTo("stored");
    }

    @Test
    void anotherOwnersIdOrOtherContentIsA409SayingWhich() {
        assertThatThrownBy(() -> Created.replayed(false, "taken", true, "other", () -> "stored"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("taken");
                });
        // Another owner's id says only that it is taken, even when the content differs too.
        assertThatThrownBy(() -> Created.replayed(false, "taken", false, "other", () -> "stored"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("taken"));
        assertThatThrownBy(() -> Created.replayed(true, "taken", false, "other", () -> "stored"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("other");
                });
        assertThatThrownBy(() -> Created.replayed(false, () -> "stored"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(Created.TAKEN));
    }
}
