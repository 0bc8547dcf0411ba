package dev.pgauth.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a targets file and validates all of it, collecting every problem before reporting, so a
 * user fixes the whole file in one pass. Unknown keys are errors. Only YAML nodes are composed;
 * no objects are constructed from tags, so a file cannot instantiate classes.
 */
public final class ConfigLoader {
    static final String CONFIG = "config";
    private static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    private final Map<String, String> env;
    private final List<TargetRule> extraRules;

    /** A check contributed from outside the config package, e.g. "is the module for this method present". */
    @FunctionalInterface
    public interface TargetRule {
        List<ConfigProblem> check(TargetSpec target);
    }

    /**
     * @param env        environment variables ({@code PGAUTH_ENV}, {@code PGAUTH_ALLOW_INSECURE_PG_TLS}, {@code AWS_REGION}, …)
     * @param extraRules further rules applied to each well-formed target
     */
    public ConfigLoader(Map<String, String> env, List<TargetRule> extraRules) {
        this.env = Map.copyOf(env);
        this.extraRules = List.copyOf(extraRules);
    }

    public TargetsConfig load(Path file) throws ConfigException {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            if (Files.size(absolute) > MAX_FILE_BYTES) {
                throw fileProblem(absolute + " is larger than 64 MiB", "Split it into smaller files.");
            }
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fileProblem(absolute + " does not exist", "Check the path given with --config or PGAUTH_CONFIG.");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw fileProblem("cannot read " + absolute + " (" + e.getClass().getSimpleName() + ")",
                    "Check that the file is readable UTF-8 text.");
        }
        return parse(text, absolute);
    }

    /** Parses and validates YAML text; relative paths in it resolve against {@code source}'s directory (or the working directory). */
    public TargetsConfig parse(String yaml, Path source) throws ConfigException {
        return validate(compose(yaml), source, false);
    }

    /**
     * Validates one target given as flat keys (e.g. JDBC URL properties) with exactly the rules of a
     * targets file; relative paths resolve against the working directory.
     *
     * @param generated the credential comes from application code (a named token generator), so
     *                  the target takes no password source and needs {@code verify-full}
     */
    public TargetSpec parseTarget(Map<String, String> keys, boolean generated) throws ConfigException {
        List<NodeTuple> tuples = new ArrayList<>();
        keys.forEach((k, v) -> tuples.add(new NodeTuple(scalar(k), scalar(v))));
        MappingNode target = new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
        SequenceNode list = new SequenceNode(Tag.SEQ, List.of(target), DumperOptions.FlowStyle.BLOCK);
        MappingNode root = new MappingNode(Tag.MAP, List.of(new NodeTuple(scalar(ConfigKeys.TARGETS), list)), DumperOptions.FlowStyle.BLOCK);
        return validate(root, null, generated).targets().get(0);
    }

    private static ScalarNode scalar(String value) {
        return new ScalarNode(Tag.STR, value, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private TargetsConfig validate(Node root, Path source, boolean generated) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Path baseDir = source == null || source.getParent() == null ? Path.of("").toAbsolutePath() : source.getParent();

        if (!(root instanceof MappingNode top)) {
            throw new ConfigException(List.of(ConfigProblem.error(CONFIG, ConfigKeys.TARGETS,
                    "the file must be a mapping with 'env' and a 'targets' list", "See docs/configuration.md for an example.", 1)));
        }
        Map<String, NodeTuple> keys = keys(top, CONFIG, ConfigKeys.TOP_LEVEL, problems);
        DeploymentEnv deployment = deploymentEnv(keys.get(ConfigKeys.ENV), problems);

        List<TargetSpec> targets = new ArrayList<>();
        NodeTuple targetsTuple = keys.get(ConfigKeys.TARGETS);
        if (targetsTuple == null) {
            problems.add(ConfigProblem.error(CONFIG, ConfigKeys.TARGETS, "missing", "Add a 'targets:' list with at least one target.", 1));
        } else if (!(targetsTuple.getValueNode() instanceof SequenceNode list) || list.getValue().isEmpty()) {
            problems.add(ConfigProblem.error(CONFIG, ConfigKeys.TARGETS, "must be a non-empty list of targets",
                    "Write each target as a '- name: …' item under 'targets:'.", line(targetsTuple.getKeyNode())));
        } else {
            TargetRules rules = new TargetRules(deployment, env, generated);
            Map<String, Integer> seenNames = new HashMap<>();
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                String label = "targets[" + i + "]";
                if (item instanceof MappingNode mapping) {
                    label = nameOf(mapping).orElse(label);
                }
                if (!(item instanceof MappingNode mapping)) {
                    problems.add(ConfigProblem.error(label, "target", "must be a mapping of keys to values",
                            "Write the target as 'name: …', 'host: …' lines.", line(item)));
                    continue;
                }
                TargetReader.Read read = new TargetReader("targets[" + i + "]", baseDir, problems)
                        .read(keys(mapping, label, ConfigKeys.TARGET, problems), line(item));
                TargetSpec t = read.spec();
                if (t.name() != null) {
                    Integer first = seenNames.putIfAbsent(t.name(), t.line());
                    if (first != null) {
                        problems.add(ConfigProblem.error(t.name(), ConfigKeys.NAME, "duplicate target name (first used on line " + first + ")",
                                "Give every target a unique name.", t.line()));
                    }
                }
                List<ConfigProblem> found = new ArrayList<>(rules.check(read));
                if (!generated && read.complete() && found.stream().noneMatch(ConfigProblem::isError)) {
                    extraRules.forEach(rule -> found.addAll(rule.check(t)));
                }
                problems.addAll(found);
                targets.add(t);
            }
        }
        if (problems.stream().anyMatch(ConfigProblem::isError)) {
            throw new ConfigException(problems);
        }
        return new TargetsConfig(source, deployment, targets, problems);
    }


    private Node compose(String yaml) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by keys() with both line numbers instead
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_FILE_BYTES);
        try {
            Node root = new Yaml(options).compose(new StringReader(yaml));
            if (root == null) {
                throw new ConfigException(List.of(ConfigProblem.error(CONFIG, ConfigKeys.TARGETS, "the file is empty",
                        "Add an 'env' and a 'targets:' list; see docs/configuration.md.", 1)));
            }
            return root;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(List.of(ConfigProblem.error(CONFIG, "yaml", "not valid YAML: " + e.getProblem(),
                    "Fix the syntax at the given line (indentation, quotes, colons).", line)));
        } catch (YAMLException | IllegalArgumentException | IllegalStateException | StackOverflowError e) {
            // SnakeYAML signals some malformed input (bad code points, limits) with these.
            throw new ConfigException(List.of(ConfigProblem.error(CONFIG, "yaml", "not valid YAML",
                    "Check the file is UTF-8 YAML with no control characters.", 0)));
        }
    }

    /** The mapping's entries by key, reporting unknown, duplicate and non-scalar keys. */
    static Map<String, NodeTuple> keys(MappingNode mapping, String label, List<String> known, List<ConfigProblem> problems) {
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode) || keyNode.getTag().equals(Tag.NULL)) {
                problems.add(ConfigProblem.error(label, "key", "keys must be plain names", "Use one of: " + String.join(", ", known) + ".", line(tuple.getKeyNode())));
                continue;
            }
            String key = keyNode.getValue();
            if (!known.contains(key)) {
                String fix = key.equalsIgnoreCase("password")
                        ? "pgauth never takes a password in the config file; use password_env, password_file or pgpass_file."
                        : ConfigKeys.suggest(key, known).map(s -> "Did you mean '" + s + "'?")
                                .orElse("Known keys: " + String.join(", ", known) + ".");
                problems.add(ConfigProblem.error(label, printable(key), "unknown key", fix, line(keyNode)));
            } else if (keys.containsKey(key)) {
                problems.add(ConfigProblem.error(label, key, "set twice (also on line " + line(keys.get(key).getKeyNode()) + ")",
                        "Keep one of them.", line(keyNode)));
            } else {
                keys.put(key, tuple);
            }
        }
        return keys;
    }

    /** The target's name when it is a plausible one, so even its first errors carry it. */
    private static Optional<String> nameOf(MappingNode mapping) {
        return mapping.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(ConfigKeys.NAME))
                .map(NodeTuple::getValueNode)
                .filter(v -> v instanceof ScalarNode s && TargetReader.NAME.matcher(s.getValue()).matches())
                .map(v -> ((ScalarNode) v).getValue())
                .findFirst();
    }

    private DeploymentEnv deploymentEnv(NodeTuple tuple, List<ConfigProblem> problems) {
        String override = env.get("PGAUTH_ENV");
        if (override != null && !override.isEmpty()) {
            return DeploymentEnv.fromKey(override).orElseGet(() -> {
                problems.add(ConfigProblem.error(CONFIG, "PGAUTH_ENV", "'" + printable(override) + "' is not a known environment",
                        "Set PGAUTH_ENV to dev, lab or prod, or unset it.", 0));
                return DeploymentEnv.DEV;
            });
        }
        if (tuple == null) {
            return DeploymentEnv.DEV;
        }
        Node value = tuple.getValueNode();
        if (value instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            Optional<DeploymentEnv> parsed = DeploymentEnv.fromKey(s.getValue());
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        String shown = value instanceof ScalarNode s ? "'" + printable(s.getValue()) + "'" : "this value";
        problems.add(ConfigProblem.error(CONFIG, ConfigKeys.ENV, shown + " is not a known environment",
                "Use dev, lab or prod (lower case).", line(value)));
        return DeploymentEnv.DEV;
    }

    private static ConfigException fileProblem(String message, String fix) {
        return new ConfigException(List.of(ConfigProblem.error(CONFIG, "file", message, fix, 0)));
    }

    static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** Config text echoed in messages, with control characters made visible and length bounded. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 80 ? b + "…" : b.toString();
    }
}
