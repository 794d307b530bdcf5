package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.PipelineIncident;
import picocli.CommandLine.Command;

/** Reject a PipelineIncident waiting in PendingApproval: nothing is applied. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a PipelineIncident waiting in PendingApproval: nothing is applied.")
public final class RejectCommand extends IncidentDecisionCommand {
  @Override
  String annotation() {
    return PipelineIncident.REJECT_ANNOTATION;
  }
}
