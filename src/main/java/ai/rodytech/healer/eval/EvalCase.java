package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Category;
import java.nio.file.Path;

/**
 * One labelled failure: a folder with {@code build.log} and {@code case.json}.
 *
 * @param name the folder's name
 * @param label the category a person gave it
 * @param exitCode the failing command's exit code as the CI printed it, or null when the log shows none
 * @param log the build.log file
 * @param project the project the log comes from ({@code project} in case.json; the case's name when absent), for
 *     the per-project view: a signature that holds on one project only proves little
 */
public record EvalCase(String name, Category label, Integer exitCode, Path log, String project) {}
