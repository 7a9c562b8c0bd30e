package dev.bindery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A bind key that a client sent (a path parameter, a header) cannot flood a log or forge a line through a message. */
class ClientTextInMessagesTest {

    @Test
    void anUnknownKeyFromAClientIsCutAndLosesItsControlCharacters() {
        String forged = "eu\nINFO forged log line\r\n" + "x".repeat(10_000);
        UnknownBindException e = new UnknownBindException(forged, List.of(Binds.DEFAULT));

        assertThat(e.getMessage()).doesNotContain("\n", "\r").hasSizeLessThan(250)
                .startsWith("Unknown bind 'eu?INFO forged log line??")
                .contains("(10025 characters)", "Known binds: [default]");
        assertThat(e.key()).isEqualTo(forged);
    }

    @Test
    void anOrdinaryKeyReadsAsBefore() {
        assertThat(new UnknownBindException("audit", List.of("default")).getMessage())
                .startsWith("Unknown bind 'audit'. Known binds: [default].");
    }
}
