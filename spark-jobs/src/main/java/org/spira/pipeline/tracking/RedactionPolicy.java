package org.spira.pipeline.tracking;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a param, run tag or model-version tag may carry to MLflow: every value passes through
 * {@link #value} before it is sent. The rule, in order:
 *
 * <ol>
 *   <li>A <b>secret key</b>: the key, lower-cased with everything but letters and digits
 *       removed, contains {@code password}, {@code passwd}, {@code secret}, {@code token},
 *       {@code credential}, {@code apikey}, {@code accesskey}, {@code privatekey} or {@code
 *       auth}. The value becomes {@value #REDACTED}.
 *   <li>A <b>subject key</b>: that normalised key contains {@code subjectid}, {@code
 *       subjectkey}, {@code patientid}, {@code participantid}, {@code speakerid} or {@code
 *       personid}: identifiers of one person, clear or pseudonymised, never go to a run. The
 *       value becomes {@value #REDACTED}.
 *   <li>A <b>secret value</b>: a value containing the value of an environment variable whose
 *       name is a secret or subject key by the rules above (for example {@code
 *       AWS_SECRET_ACCESS_KEY}, {@code SPIRA_SUBJECT_KEY}), at least 8 characters long, becomes
 *       {@value #REDACTED}, whatever its key.
 *   <li><b>Credentials in URIs</b>: the user info of {@code scheme://user:password@host} becomes
 *       {@value #REDACTED}.
 *   <li><b>Length</b>: a value longer than MLflow's limit for its kind (6000 characters for
 *       params, 8000 for run tags, 5000 for model-version tags) keeps its beginning and ends with
 *       {@code ...[truncated from N chars]}, N being its original length, so that it fills the
 *       limit exactly (one character less when the cut would split a surrogate pair).
 * </ol>
 *
 * Keys are not rewritten: a key MLflow would refuse (over 250 characters, or characters other
 * than letters, digits, {@code _ - . / space}) is a programming error.
 */
public final class RedactionPolicy {
    public static final String REDACTED = "[redacted]";
    static final int MAX_KEY_LENGTH = 250;
    private static final int MIN_SECRET_LENGTH = 8;
    private static final List<String> SECRET_WORDS =
            List.of("password", "passwd", "secret", "token", "credential", "apikey", "accesskey", "privatekey", "auth");
    private static final List<String> SUBJECT_WORDS =
            List.of("subjectid", "subjectkey", "patientid", "participantid", "speakerid", "personid");
    private static final Pattern KEY = Pattern.compile("[\\w.\\-/ ]+");
    // anchored on "://" so that the scan stays linear in the value's length
    private static final Pattern URI_USER_INFO = Pattern.compile("://[^/@\\s]+@");

    /** The kinds of value MLflow stores, with its length limit for each (characters). */
    public enum Kind {
        PARAM(6000),
        RUN_TAG(8000),
        MODEL_VERSION_TAG(5000);

        final int limit;

        Kind(int limit) {
            this.limit = limit;
        }
    }

    private final List<String> secretValues;

    private RedactionPolicy(List<String> secretValues) {
        this.secretValues = List.copyOf(secretValues);
    }

    /** The policy with the secrets found in {@code environment} (read by the caller, at the edge). */
    public static RedactionPolicy fromEnvironment(Map<String, String> environment) {
        return new RedactionPolicy(environment.entrySet().stream()
                .filter(e -> isSensitiveKey(e.getKey()))
                .map(Map.Entry::getValue)
                .filter(v -> v != null && v.length() >= MIN_SECRET_LENGTH)
                .toList());
    }

    /** The value of {@code key} as it may be sent to MLflow, by the rule above. */
    public String value(Kind kind, String key, String value) {
        checkKey(key);
        if (isSensitiveKey(key) || secretValues.stream().anyMatch(value::contains)) {
            return REDACTED;
        }
        return truncate(URI_USER_INFO.matcher(value).replaceAll("://" + REDACTED + "@"), kind.limit);
    }

    /** Whether {@code key} names a secret or one person's identifier (rules 1 and 2). */
    public static boolean isSensitiveKey(String key) {
        String normalised = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return SECRET_WORDS.stream().anyMatch(normalised::contains)
                || SUBJECT_WORDS.stream().anyMatch(normalised::contains);
    }

    static void checkKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("MLflow key '" + key + "' is invalid: expected 1 to " + MAX_KEY_LENGTH
                    + " letters, digits, '_', '-', '.', '/' or spaces");
        }
    }

    private static String truncate(String value, int limit) {
        if (value.length() <= limit) {
            return value;
        }
        String marker = "...[truncated from " + value.length() + " chars]";
        int cut = limit - marker.length();
        if (Character.isHighSurrogate(value.charAt(cut - 1))) {
            cut--; // never split a character; the result is then one shorter than the limit
        }
        return value.substring(0, cut) + marker;
    }
}
