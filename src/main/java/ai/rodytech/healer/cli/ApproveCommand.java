package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.PipelineIncident;
import picocli.CommandLine.Command;

/** Approve a PipelineIncident waiting in PendingApproval: its change is then applied. */
@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a PipelineIncident waiting in PendingApproval: its change is then applied.")
public final class ApproveCommand extends IncidentDecisionCommand {
  @Override
  String annotation() {
    return PipelineIncident.APPROVE_ANNOTATION;
  }
}
