package org.spira.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One configuration key, declared once: its full name, type, default, the rule its value follows
 * (with the "expected ..." text errors and the reference show), what it does and, for a renamed
 * key, the name it had. Reading the key ({@link #read}), the params logged to MLflow ({@link
 * Settings#params}), the defaults, {@code conf/application.conf} and {@code
 * docs/configuration-keys.md} all come from the declaration, as Delta Kernel's {@code TableConfig}
 * does for table properties. Declarations are constants next to the record of their block.
 *
 * @param key the full key, e.g. {@code spira.train.epochs}
 * @param type how the value is read from HOCON and written back
 * @param defaultValue the value when no source sets the key; it follows the rule
 * @param rule whether a value of the type is valid
 * @param expected what the rule expects, as errors say it ("an integer >= 1"); empty when every
 *     value of the type is valid
 * @param help what the key does, one paragraph
 * @param resolved the key's value in the block's record (the params are made of it)
 * @param formerKey the name of a renamed key, still read, with a warning, for one release
 * @param <R> the record of the block
 * @param <T> the value's type in that record
 */
record Setting<R, T>(
        String key,
        Type<T> type,
        T defaultValue,
        Predicate<T> rule,
        String expected,
        String help,
        Function<R, T> resolved,
        Optional<String> formerKey) {

    Setting {
        if (!rule.test(defaultValue)) {
            throw new IllegalArgumentException(key + "'s default "
                    + type.hocon().apply(defaultValue) + " breaks its own rule: expected " + expected);
        }
    }

    /** A key any value of {@code type} is valid for, until {@link #rule} says otherwise. */
    static <R, T> Setting<R, T> of(String key, Type<T> type, T defaultValue, Function<R, T> resolved) {
        return new Setting<>(key, type, defaultValue, value -> true, "", "", resolved, Optional.empty());
    }

    /** A Delta table version to read: -1 (the default) for the latest, else the version itself. */
    static <R> Setting<R, Long> tableVersion(String key, Function<R, Long> resolved) {
        return of(key, Type.LONG, -1L, resolved).rule(version -> version >= -1, "-1 (latest) or a table version");
    }

    /** The same key, valid only where {@code valid} holds, which {@code expected} says in words. */
    Setting<R, T> rule(Predicate<T> valid, String expectation) {
        return new Setting<>(key, type, defaultValue, valid, expectation, help, resolved, formerKey);
    }

    Setting<R, T> help(String text) {
        return new Setting<>(key, type, defaultValue, rule, expected, text, resolved, formerKey);
    }

    /** The same key, also read under {@code former}, its name before a rename. */
    Setting<R, T> formerly(String former) {
        return new Setting<>(key, type, defaultValue, rule, expected, help, resolved, Optional.of(former));
    }

    /**
     * The key's value in {@code config} (every source merged, the defaults included).
     *
     * @throws ConfigException naming the key, the value and what is expected, when the value is
     *     not of the type or breaks the rule
     */
    T read(Config config) {
        T value;
        try {
            value = type.reader().read(config, key);
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            throw ConfigException.invalid(key, given(config), expectation(), e);
        }
        if (!rule.test(value)) {
            throw ConfigException.invalid(key, given(config), expectation());
        }
        return value;
    }

    /** What a valid value is: the rule's words, else the type's. */
    String expectation() {
        return expected.isEmpty() ? type.description() : expected;
    }

    /** The value {@code record} holds for the key, as HOCON has it: the key's param. */
    Object param(R record) {
        return type.hocon().apply(resolved.apply(record));
    }

    /** The default as HOCON has it. */
    Object hoconDefault() {
        return type.hocon().apply(defaultValue);
    }

    private String given(Config config) {
        return config.hasPath(key) ? config.getValue(key).render(ConfigRenderOptions.concise()) : "null";
    }

    /**
     * How a value is read from HOCON and written back ({@code hocon}: a number, string, or list
     * of strings, as the defaults, {@code conf/application.conf} and the params hold it).
     *
     * @param description the values of the type, as errors and the reference say it
     * @param reader reads the key's value; throws Typesafe Config's exception or an
     *     IllegalArgumentException for a value that is not of the type
     */
    record Type<T>(String description, Reader<T> reader, Function<T, Object> hocon) {
        static final Type<Long> LONG = new Type<>("an integer", Type::wholeNumber, value -> value);
        static final Type<Integer> INTEGER = new Type<>(
                "an integer",
                (c, key) -> {
                    long value = wholeNumber(c, key);
                    if (value != (int) value) {
                        throw new IllegalArgumentException(value + " is beyond the range of an int");
                    }
                    return (int) value;
                },
                value -> value);
        static final Type<Double> DOUBLE = new Type<>("a number", Config::getDouble, value -> value);
        /** A number as written: an Integer, Long or Double. */
        static final Type<Number> NUMBER = new Type<>("a number", Config::getNumber, value -> value);
        /** A string, without leading and trailing white space. */
        static final Type<String> TEXT =
                new Type<>("a string", (c, key) -> c.getString(key).strip(), value -> value);
        /** A string, where "" means none. */
        static final Type<Optional<String>> OPTIONAL_TEXT = TEXT.map(
                "a string (\"\" for none)", text -> Optional.of(text).filter(s -> !s.isEmpty()), o -> o.orElse(""));

        static final Type<List<String>> TEXTS = new Type<>("a list of strings", Config::getStringList, List::copyOf);

        /** One of {@code values}, by its {@code name}, given in any case. */
        static <T> Type<T> choice(List<T> values, Function<T, String> name) {
            String names = values.stream().map(name).collect(Collectors.joining(", "));
            return new Type<>(
                    "one of " + names,
                    (c, key) -> {
                        String given = c.getString(key).strip().toLowerCase(Locale.ROOT);
                        return values.stream()
                                .filter(value -> name.apply(value).equals(given))
                                .findFirst()
                                .orElseThrow(() -> new IllegalArgumentException(given + " is not one of " + names));
                    },
                    name::apply);
        }

        /** Values of this type, seen as values of another. */
        <U> Type<U> map(String describedAs, Function<T, U> to, Function<U, T> from) {
            return new Type<>(
                    describedAs, (c, key) -> to.apply(reader.read(c, key)), value -> hocon.apply(from.apply(value)));
        }

        /** A number that is a whole number: 3 and 3.0, never 3.5 (which Config.getInt would cut to 3). */
        private static long wholeNumber(Config c, String key) {
            Number number = c.getNumber(key);
            if (number instanceof Double d && (d != Math.rint(d) || Math.abs(d) > Long.MAX_VALUE)) {
                throw new IllegalArgumentException(d + " is not a whole number");
            }
            return number.longValue();
        }

        /** Reads the value of a key. */
        @FunctionalInterface
        interface Reader<T> {
            T read(Config config, String key);
        }
    }
}
