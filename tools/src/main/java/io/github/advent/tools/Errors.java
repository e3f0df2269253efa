package io.github.advent.tools;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.train.NonFiniteLossException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How failures reach the user: always one line on stderr starting with {@code advent: }, and an
 * exit status from {@link ExitCodes}. picocli's default of dumping the whole usage on a typo is
 * replaced by a pointer to the command's {@code --help}.
 */
final class Errors {
    private Errors() {}

    /** Usage errors (exit 2): {@code advent: unknown option '--foo' (see 'advent train segmentation --help')}. */
    static final class UsageErrorHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("advent: " + describe(ex, args) + " (see '" + cmd.getCommandSpec().qualifiedName(" ") + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        }
    }

    /**
     * Failures while a command runs: bad input and a run stopped by a non-finite loss (exit 1) in one line; anything else is an internal
     * error (exit 4) in one line, with the stack trace when {@code ADVENT_DEBUG=1}.
     */
    static final class FailureHandler implements IExecutionExceptionHandler {
        private final boolean debug;

        FailureHandler(boolean debug) {
            this.debug = debug;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
            Throwable failure = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            return report(failure, cmd.getErr());
        }

        /** Prints {@code failure} as described above; returns the exit status. */
        int report(Throwable failure, PrintWriter err) {
            int code;
            if (failure instanceof BadInputException || failure instanceof IllegalArgumentException
                    || failure instanceof NonFiniteLossException) {
                err.println("advent: " + oneLine(failure.getMessage()));
                code = ExitCodes.BAD_INPUT;
            } else if (failure instanceof ai.djl.engine.EngineException) {
                err.println("advent: " + engineFailure(failure, System.getenv("PYTORCH_LIBRARY_PATH"),
                        System.getenv("PYTORCH_FLAVOR")));
                code = ExitCodes.BAD_INPUT;
            } else {
                String message = failure.getMessage();
                err.println("advent: internal error: " + failure.getClass().getName()
                        + (message == null || message.isBlank() ? "" : ": " + oneLine(message))
                        + (debug ? "" : " (set ADVENT_DEBUG=1 for the stack trace)"));
                code = ExitCodes.INTERNAL;
            }
            if (debug) {
                failure.printStackTrace(err);
            }
            err.flush();
            return code;
        }
    }

    /**
     * DJL could not load libtorch: its message, the settings it read, and the one setting that makes a CUDA libtorch
     * load (DJL guesses a "-precxx11" JNI flavour that no 2.7.1 jar carries when PYTORCH_FLAVOR is unset).
     */
    static String engineFailure(Throwable failure, String libraryPath, String flavor) {
        StringBuilder line = new StringBuilder("the PyTorch engine could not load: ").append(oneLine(failure.getMessage()));
        Throwable cause = failure.getCause();
        if (cause != null && cause.getMessage() != null) {
            line.append(" (").append(oneLine(cause.getMessage())).append(')');
        }
        if (libraryPath != null) {
            line.append("; PYTORCH_LIBRARY_PATH=").append(libraryPath).append(", PYTORCH_FLAVOR=")
                    .append(flavor == null ? "unset" : flavor);
        }
        return line.append("; for a CUDA libtorch 2.7.1 set ADVENT_LIBTORCH to its lib/ folder instead (README: GPU)")
                .toString();
    }

    /** The problem in {@code ex}, as one lower-case line without picocli's "Error: " prefix. */
    static String describe(ParameterException ex, String[] givenArgs) {
        String[] args = givenArgs == null ? new String[0] : givenArgs;
        CommandLine cmd = ex.getCommandLine();
        // picocli checks required options before it complains about unknown ones; the unknown one
        // (often a typo of the missing one) is the real problem
        List<String> unmatched = ex instanceof UnmatchedArgumentException u ? u.getUnmatched()
                : cmd.getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            return describeUnmatched(cmd, unmatched.get(0));
        }
        if (ex instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
                && !ex.getMessage().contains("for option")) {
            List<ArgSpec> specs = missing.getMissing();
            ArgGroupSpec group = specs.get(0).group();
            if (group != null && group.exclusive() && specs.stream().allMatch(a -> a.group() == group)) {
                return "give one of " + String.join(", ", alternatives(group));
            }
            if (group != null && !group.exclusive()) {
                // picocli lists every option of a partly given group: say which given one needs which
                List<String> given = group.options().stream().filter(o -> isGiven(o, args))
                        .map(OptionSpec::longestName).toList();
                List<String> needed = group.options().stream().filter(o -> o.required() && !isGiven(o, args))
                        .map(OptionSpec::longestName).toList();
                if (!given.isEmpty() && !needed.isEmpty()) {
                    return String.join(", ", given) + " needs " + String.join(" and ", needed);
                }
            }
            boolean options = specs.stream().allMatch(ArgSpec::isOption);
            String names = specs.stream().map(Errors::name).collect(Collectors.joining(", "));
            String what = options ? "option" : "argument";
            return "missing required " + what + (specs.size() > 1 ? "s " : " ") + names;
        }
        if (ex instanceof MutuallyExclusiveArgsException) {
            List<String> given = givenAlternatives(cmd, args);
            if (given.size() >= 2) {
                return String.join(" and ", given) + " are mutually exclusive (give only one)";
            }
        }
        String message = oneLine(ex.getMessage());
        if (message.contains("expected only one match")) { // an option of an exclusive group, repeated
            for (ArgGroupSpec group : cmd.getCommandSpec().argGroups()) {
                for (OptionSpec option : group.allOptionsNested()) {
                    if (!option.isMultiValue() && Arrays.stream(args).filter(a -> matches(option, a)).count() > 1) {
                        return "option '" + option.longestName() + "' should be specified only once";
                    }
                }
            }
        }
        if (message.startsWith("Error: ")) {
            message = message.substring("Error: ".length());
        }
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0))
                && Character.isLowerCase(message.charAt(1))) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return message;
    }

    /**
     * The choices of an exclusive group, one name each: its options, and for a nested group the
     * option that group requires (--checkpoint-dir for {@code --checkpoint-dir DIR [--wait]}).
     */
    private static List<String> alternatives(ArgGroupSpec group) {
        List<String> names = new ArrayList<>();
        group.options().forEach(o -> names.add(o.longestName()));
        for (ArgGroupSpec sub : group.subgroups()) {
            names.add(representative(sub));
        }
        return names;
    }

    private static String representative(ArgGroupSpec group) {
        for (OptionSpec o : group.options()) {
            if (o.required()) {
                return o.longestName();
            }
        }
        return group.options().isEmpty() ? group.synopsis() : group.options().get(0).longestName();
    }

    /** The alternatives of {@code cmd}'s exclusive groups that {@code args} gives, in order, once each. */
    private static List<String> givenAlternatives(CommandLine cmd, String[] args) {
        Map<String, String> alternativeOf = new LinkedHashMap<>();
        for (ArgGroupSpec group : cmd.getCommandSpec().argGroups()) {
            if (!group.exclusive()) {
                continue;
            }
            group.options().forEach(o -> Arrays.stream(o.names()).forEach(n -> alternativeOf.put(n, o.longestName())));
            for (ArgGroupSpec sub : group.subgroups()) {
                String rep = representative(sub);
                sub.options().forEach(o -> Arrays.stream(o.names()).forEach(n -> alternativeOf.put(n, rep)));
            }
        }
        Set<String> given = new LinkedHashSet<>();
        for (String arg : args) {
            String alternative = alternativeOf.get(arg.replaceFirst("=.*", ""));
            if (alternative != null) {
                given.add(alternative);
            }
        }
        return new ArrayList<>(given);
    }

    private static boolean isGiven(OptionSpec option, String[] args) {
        return Arrays.stream(args).anyMatch(a -> matches(option, a));
    }

    private static boolean matches(OptionSpec option, String arg) {
        String name = arg.replaceFirst("=.*", "");
        return Arrays.asList(option.names()).contains(name);
    }

    private static String describeUnmatched(CommandLine cmd, String arg) {
        if (arg.startsWith("-") && arg.length() > 1 && !arg.matches("-\\d.*")) {
            String name = arg.replaceFirst("=.*", "");
            return "unknown option '" + name + "'" + suggest(name, cmd.getCommandSpec().optionsMap().keySet());
        }
        if (!cmd.getSubcommands().isEmpty()) {
            return "unknown command '" + arg + "'" + suggest(arg, cmd.getSubcommands().keySet());
        }
        return "unexpected argument '" + arg + "'";
    }

    /** {@code "; did you mean 'train'?"} when some known name is a likely typo of {@code given}, else "". */
    private static String suggest(String given, java.util.Collection<String> known) {
        if (given.length() <= 2) {
            return ""; // -x: any short option is "close"
        }
        List<String> close = known.stream().filter(k -> k.startsWith("--") == given.startsWith("--"))
                .filter(k -> isTypo(given, k)).sorted().limit(3).toList();
        return close.isEmpty() ? ""
                : "; did you mean " + close.stream().map(s -> "'" + s + "'").collect(Collectors.joining(" or ")) + "?";
    }

    /** Whether {@code given} is a likely typo of {@code known}: at most 2 or a third of its letters off. */
    static boolean isTypo(String given, String known) {
        String a = given;
        int[] prev = new int[known.length() + 1];
        int[] cur = new int[known.length() + 1];
        for (int j = 0; j <= known.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= known.length(); j++) {
                int cost = a.charAt(i - 1) == known.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[known.length()] <= Math.max(2, known.length() / 3);
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? "'" + option.longestName() + "'" : arg.paramLabel();
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
