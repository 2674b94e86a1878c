package dev.fullbatch.job;

import dev.fullbatch.select.CvMetric;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code train --reg-path} was asked to do (docs/model-selection.md), validated. Immutable.
 *
 * @param penalties {@code --reg-path N}: the number of penalties, at least 1
 * @param ratio {@code --path-ratio}: lambda_min / lambda_max in (0, 1), or NaN for glmnet's default (1e-4 with more
 *     rows than features, else 1e-2)
 * @param alpha {@code --alpha}: the L1 share of the elastic net, in [0, 1]
 * @param earlyEnd {@code --path-early-end}: whether glmnet's rule may end the path early
 * @param folds {@code --cv K}: folds, or 0 for no cross-validation
 * @param select {@code --cv-select}: "min" or "1se"
 * @param metric {@code --cv-metric}: what cross-validation scores
 */
record PathOptions(int penalties, double ratio, double alpha, boolean earlyEnd, int folds, String select,
                   CvMetric metric) {

    /** The options as model.json and checkpoints record them. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reg-path", penalties);
        m.put("path-ratio", Double.isNaN(ratio) ? "auto" : ratio);
        m.put("alpha", alpha);
        m.put("path-early-end", earlyEnd);
        m.put("cv", folds);
        m.put("cv-select", select);
        m.put("cv-metric", metric.cliName());
        return m;
    }

    /**
     * Checks the path options given (reg-path 0: none was given, and the others must not be).
     *
     * @return the options, or null without {@code --reg-path}
     * @throws UsageException naming the option and the fix
     */
    static PathOptions of(int penalties, Double ratio, Double alpha, Boolean earlyEnd, int folds, String select,
                          String metricName, TrainSettings single) {
        if (penalties == 0) {
            for (Object[] o : new Object[][] {{"--path-ratio", ratio}, {"--alpha", alpha},
                    {"--path-early-end", earlyEnd}, {"--cv-select", select}, {"--cv-metric", metricName}}) {
                if (o[1] != null) {
                    throw new UsageException(o[0] + " applies to a regularization path: add --reg-path N (e.g. "
                            + "--reg-path 50), or drop " + o[0]);
                }
            }
            if (folds != 0) {
                throw new UsageException("--cv cross-validates a regularization path: add --reg-path N (e.g. "
                        + "--reg-path 50), or drop --cv");
            }
            return null;
        }
        if (penalties < 1 || penalties > 10_000) {
            throw new UsageException("--reg-path must be from 1 to 10000 penalties, got " + penalties);
        }
        if (ratio != null && !(ratio > 0 && ratio < 1)) {
            throw new UsageException("--path-ratio must be between 0 and 1 (lambda_min / lambda_max, e.g. 1e-3), got "
                    + ratio);
        }
        double a = alpha == null ? 1.0 : alpha;
        if (!(a >= 0 && a <= 1)) {
            throw new UsageException("--alpha must be from 0 (ridge) to 1 (lasso), got " + alpha);
        }
        if (folds == 1 || folds < 0 || folds > 100) {
            throw new UsageException("--cv must be from 2 to 100 folds, got " + folds);
        }
        String sel = select == null ? "min" : select.trim();
        if (!sel.equals("min") && !sel.equals("1se")) {
            throw new UsageException("--cv-select must be min or 1se, got '" + select + "'");
        }
        if (select != null && folds == 0) {
            throw new UsageException("--cv-select chooses among cross-validated penalties: add --cv K (e.g. --cv 5), "
                    + "or drop --cv-select");
        }
        CvMetric metric;
        try {
            metric = metricName == null ? CvMetric.DEVIANCE : CvMetric.fromName(metricName.trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (metricName != null && folds == 0) {
            throw new UsageException("--cv-metric scores cross-validation: add --cv K (e.g. --cv 5), or drop "
                    + "--cv-metric");
        }
        if (metric == CvMetric.ACCURACY && !single.model().loss().isBinary()) {
            throw new UsageException("--cv-metric accuracy needs a binary objective (logistic, squared-hinge), not "
                    + "--objective " + single.model().loss().cliName() + "; use deviance or rmse");
        }
        if (metric == CvMetric.RMSE && single.model().loss().isClassification()) {
            throw new UsageException("--cv-metric rmse scores regression; with --objective " + single.model().loss().cliName()
                    + " use deviance or accuracy");
        }
        if (single.regularization().l1() > 0 || single.regularization().l2() > 0) {
            throw new UsageException("--reg-path chooses the penalties itself (lambda (1-alpha)/2 ||w||^2 + lambda "
                    + "alpha ||w||_1 along the path): drop --reg-l1 and --reg-l2, and set the mix with --alpha");
        }
        if (!single.model().type().equals("linear")) {
            throw new UsageException("--reg-path fits linear models; drop --model " + single.model().type());
        }
        if (single.model().loss().isClassification() && !single.model().loss().isBinary()) {
            throw new UsageException("--reg-path fits one-output models; --objective " + single.model().loss().cliName()
                    + " is not supported with it yet");
        }
        if (single.data().validation() != null) {
            throw new UsageException("--reg-path scores penalties by cross-validation: use --cv K instead of "
                    + "--validation");
        }
        return new PathOptions(penalties, ratio == null ? Double.NaN : ratio, a, earlyEnd == null || earlyEnd, folds,
                sel, metric);
    }
}
