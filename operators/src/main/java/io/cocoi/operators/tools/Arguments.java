package io.cocoi.operators.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and positional arguments of the command-line tools. */
final class Arguments {

    private final String command;
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Arguments(String command) {
        this.command = command;
    }

    /**
     * Parses {@code args}, accepting only the option names in {@code allowed}.
     *
     * @throws IllegalArgumentException for an unknown option or one without a value
     */
    static Arguments parse(String command, String[] args, Set<String> allowed) {
        Arguments parsed = new Arguments(command);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(
                        "%s: unknown option %s, expected one of --%s"
                                .formatted(command, arg, String.join(", --", allowed)));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "%s: option %s needs a value".formatted(command, arg));
            }
            parsed.options.put(name, args[++i]);
        }
        return parsed;
    }

    String text(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    int positiveInt(String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException(
                "%s: --%s %s, expected a whole number of 1 or more"
                        .formatted(command, name, value));
    }

    long longValue(String name, long fallback) {
        String value = options.get(name);
        try {
            return value == null ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "%s: --%s %s, expected a whole number".formatted(command, name, value));
        }
    }

    /** A comma-separated list, for example {@code vgg16,resnet18}. */
    List<String> list(String name, String fallback) {
        return Arrays.stream(text(name, fallback).split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /** A comma-separated list of whole numbers of 1 or more. */
    int[] positiveInts(String name, String fallback) {
        List<String> items = list(name, fallback);
        int[] values = new int[items.size()];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = Integer.parseInt(items.get(i));
            } catch (NumberFormatException e) {
                values[i] = 0;
            }
            if (values[i] < 1) {
                throw new IllegalArgumentException(
                        "%s: --%s %s, expected whole numbers of 1 or more separated by commas"
                                .formatted(command, name, text(name, fallback)));
            }
        }
        return values;
    }

    List<String> positional() {
        return positional;
    }
}
