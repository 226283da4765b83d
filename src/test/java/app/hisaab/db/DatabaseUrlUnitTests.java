package app.hisaab.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlUnitTests {

    @Test
    void neonUrlWithSslAndChannelBinding() {
        DatabaseUrl url =
                DatabaseUrl.parse("postgresql://alex:AbC123dEf@ep-cool-darkness-123456.us-east-2.aws.neon.tech"
                        + "/dbname?sslmode=require&channel_binding=require");

        assertThat(url.jdbcUrl())
                .isEqualTo("jdbc:postgresql://ep-cool-darkness-123456.us-east-2.aws.neon.tech/dbname"
                        + "?sslmode=require&channelBinding=require");
        assertThat(url.username()).isEqualTo("alex");
        assertThat(url.password()).isEqualTo("AbC123dEf");
    }

    @Test
    void herokuStylePostgresSchemeWithPortAndEncodedPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u:p%40ss%2Fw+rd@db.example.com:6543/app");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/app");
        assertThat(url.username()).isEqualTo("u");
        assertThat(url.password()).isEqualTo("p@ss/w+rd");
    }

    @Test
    void userWithoutPasswordAndDefaultDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres@127.0.0.1:5432");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
        assertThat(url.username()).isEqualTo("postgres");
        assertThat(url.password()).isNull();
    }

    @Test
    void jdbcUrlsPassThrough() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost:5432/test?user=postgres");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/test?user=postgres");
        assertThat(url.username()).isNull();
    }

    @Test
    void otherSchemesAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://localhost/db")).hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///db")).hasMessageContaining("no host");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(DatabaseUrl.parse("postgresql://u:secret@h/db").toString()).doesNotContain("secret");
    }
}
