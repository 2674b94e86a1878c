package dev.fullbatch.job;

import dev.fullbatch.loss.LossKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The train options that only one objective, optimizer or model reads, checked against what a run chose:
 * {@code --huber-delta} (objective huber), {@code --momentum} (optimizer momentum), {@code --lbfgs-memory}
 * (optimizer lbfgs), {@code --hidden} and {@code --activation} (model mlp).
 *
 * <p>An option the run would ignore is a usage error when the command line gives it: the user asked for something
 * that would silently do nothing. When it comes from a {@code --conf} file it is only a warning, because one file
 * is often shared by runs that pick the objective, optimizer or model on the command line. Stateless.
 */
final class UnusedOptions {

    /** One option and the choice that reads it. */
    private record Dependency(String option, String needs, Predicate<TrainSettings> uses,
                              Function<TrainSettings, String> chosen) {
    }

    private static final List<Dependency> DEPENDENCIES = List.of(
            new Dependency("huber-delta", "--objective huber", s -> s.model().loss() == LossKind.HUBER,
                    s -> "--objective " + s.model().loss().cliName()),
            new Dependency("tweedie-power", "--objective tweedie", s -> s.model().loss() == LossKind.TWEEDIE,
                    s -> "--objective " + s.model().loss().cliName()),
            new Dependency("momentum", "--optimizer momentum", s -> s.optimizer().method().equals("momentum"),
                    s -> "--optimizer " + s.optimizer().method()),
            new Dependency("lbfgs-memory", "--optimizer lbfgs", s -> s.optimizer().method().equals("lbfgs"),
                    s -> "--optimizer " + s.optimizer().method()),
            new Dependency("max-dense-hessian", "--optimizer newton",
                    s -> s.optimizer().method().equals(dev.fullbatch.optim.Newton.NAME),
                    s -> "--optimizer " + s.optimizer().method()),
            new Dependency("hidden", "--model mlp", s -> s.model().type().equals(ModelChoice.MLP),
                    s -> "--model " + s.model().type()),
            new Dependency("activation", "--model mlp", s -> s.model().type().equals(ModelChoice.MLP),
                    s -> "--model " + s.model().type()));

    private UnusedOptions() {
    }

    /**
     * Checks every option above that the user set against the run's choices.
     *
     * @return one warning line (without the "fullbatch: " prefix) for each option from the {@code --conf} file
     *         that the run ignores, in a fixed order
     * @throws UsageException for the first such option given on the command line
     */
    static List<String> check(TrainSettings settings, GivenOptions given) {
        List<String> warnings = new ArrayList<>();
        for (Dependency d : DEPENDENCIES) {
            if (!given.isSet(d.option()) || d.uses().test(settings)) {
                continue;
            }
            String chosen = d.chosen().apply(settings);
            var confFile = given.setOnlyInConfFile(d.option());
            if (confFile.isEmpty()) {
                throw new UsageException("--" + d.option() + " applies to " + d.needs() + " only (got " + chosen
                        + "); drop --" + d.option() + " or pass " + d.needs());
            }
            warnings.add("warning: --" + d.option() + " from --conf file " + confFile.get() + " is ignored: it "
                    + "applies to " + d.needs() + " only, and this run uses " + chosen);
        }
        return warnings;
    }
}
