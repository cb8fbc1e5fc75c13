/*
 * Signs a report and checks a signature: HMAC-SHA256, keyed with the teacher's key, over the
 * canonical JSON of the report without its "signature" field. A student without the key cannot
 * change a task's result, a command or the time spent without the check failing.
 */
package org.overlaylab.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class ReportSignature {
    public static final String FIELD = "signature";
    public static final String ALGORITHM = "HMAC-SHA256";

    private ReportSignature() {}

    /** What checking a report's signature found. */
    public enum Verdict {
        VALID("signed, signature valid"),
        UNSIGNED("not signed"),
        TAMPERED("signature does not match: the report was changed after it was written, or signed with another key"),
        NO_KEY("signed, but no key to check it with (give --key)");

        public final String words;

        Verdict(String words) {
            this.words = words;
        }
    }

    /** Adds the signature field to the report (replacing one it had). */
    public static void sign(ObjectNode report, String key) {
        report.remove(FIELD);
        String mac = hmac(report, key);
        ObjectNode sig = report.putObject(FIELD);
        sig.put("algorithm", ALGORITHM);
        sig.put("value", mac);
    }

    public static Verdict verify(JsonNode report, String key) {
        JsonNode sig = report.get(FIELD);
        if (sig == null || sig.isNull()) {
            return Verdict.UNSIGNED;
        }
        if (key == null) {
            return Verdict.NO_KEY;
        }
        if (!sig.isObject() || !ALGORITHM.equals(sig.path("algorithm").asText()) || !sig.path("value").isTextual()) {
            return Verdict.TAMPERED;
        }
        ObjectNode body = ((ObjectNode) report).deepCopy();
        body.remove(FIELD);
        byte[] expected = hmac(body, key).getBytes(StandardCharsets.US_ASCII);
        byte[] given = sig.path("value").asText().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.TAMPERED;
    }

    static String hmac(JsonNode body, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(CanonicalJson.of(body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
