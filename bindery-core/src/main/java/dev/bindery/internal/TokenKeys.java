package dev.bindery.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 keys that sign what clients carry (causal tokens, read-your-writes windows). The first key signs;
 * every key verifies, so a key can be rotated in and out without invalidating the tokens clients hold. A signature is
 * the first 128 bits of HMAC-SHA256 over a purpose and the payload, in URL-safe Base64 (22 characters). The keys never
 * appear in {@link #toString()}.
 */
public final class TokenKeys {
    /** The shortest key accepted, in bytes of its UTF-8 form (256 bits). */
    public static final int MIN_KEY_BYTES = 32;
    private static final int SIGNATURE_BYTES = 16;
    /** The length of a signature in characters. */
    public static final int SIGNATURE_CHARS = 22;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Mac[] prototypes;
    private final boolean random;

    private TokenKeys(List<byte[]> keys, boolean random) {
        this.prototypes = new Mac[keys.size()];
        for (int i = 0; i < prototypes.length; i++) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(keys.get(i), "HmacSHA256"));
                prototypes[i] = mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("This JVM has no HmacSHA256, which every Java SE runtime provides", e);
            }
        }
        this.random = random;
    }

    /** Keys from their text forms; the first signs. Call {@link #problems(List)} first. */
    public static TokenKeys of(List<String> keys) {
        List<byte[]> bytes = new ArrayList<>();
        keys.forEach(k -> bytes.add(k.getBytes(StandardCharsets.UTF_8)));
        return new TokenKeys(bytes, false);
    }

    /** One random key for this process, for when none is configured: tokens then verify only in this process. */
    public static TokenKeys random() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new TokenKeys(List.of(key), true);
    }

    /** Splits the configured form, keys separated by commas, trimmed; empty entries are dropped. */
    public static List<String> split(String configured) {
        return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * What is wrong with {@code keys}, one message per problem, none quoting a key (they are secrets); empty when they
     * can be used.
     */
    public static List<String> problems(List<String> keys) {
        List<String> out = new ArrayList<>();
        if (keys.isEmpty()) {
            out.add("names no key; give one or more keys separated by commas (the first signs, all verify)");
        }
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            if (k == null || k.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
                out.add("key " + (i + 1) + " of " + keys.size() + " is shorter than " + MIN_KEY_BYTES
                        + " bytes; use a random key of at least 256 bits, e.g. the output of 'openssl rand -base64 32'");
            } else if (k.indexOf(',') >= 0) {
                out.add("key " + (i + 1) + " of " + keys.size() + " contains a comma, which separates keys in configuration");
            }
        }
        return out;
    }

    /** Whether these keys were made at random for this process because none was configured. */
    public boolean isRandom() {
        return random;
    }

    /** The signature of {@code payload} for {@code purpose} with the signing (first) key. */
    public String sign(String purpose, String payload) {
        return ENCODER.encodeToString(mac(prototypes[0], purpose, payload));
    }

    /** Whether {@code signature} is the signature of {@code payload} for {@code purpose} by any of the keys. */
    public boolean verifies(String purpose, String payload, String signature) {
        if (signature.length() != SIGNATURE_CHARS) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean ok = false;
        for (Mac prototype : prototypes) {
            ok |= MessageDigest.isEqual(mac(prototype, purpose, payload), given);   // every key, in constant time
        }
        return ok;
    }

    private static byte[] mac(Mac prototype, String purpose, String payload) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 of this JVM cannot be cloned", e);
        }
        mac.update(purpose.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)), SIGNATURE_BYTES);
    }

    @Override
    public String toString() {
        return "TokenKeys[" + prototypes.length + (prototypes.length == 1 ? " key" : " keys") + (random ? ", random" : "") + ", ****]";
    }
}
