package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;

/**
 * Tells people, beyond the Event and the incident that are always written: the alert channels a policy
 * names. Implementations never throw and never block healing.
 */
public interface HumanNotifier {

  /** The healer will not (or may not) act on this incident. */
  void needsHuman(PipelineRecoveryPolicy policy, PipelineIncident incident, String why);

  /** The incident's pipeline healed: resolve what was raised for it. */
  void healed(PipelineRecoveryPolicy policy, PipelineIncident incident);

  HumanNotifier EVENTS_ONLY =
      new HumanNotifier() {
        @Override
        public void needsHuman(PipelineRecoveryPolicy policy, PipelineIncident incident, String why) {}

        @Override
        public void healed(PipelineRecoveryPolicy policy, PipelineIncident incident) {}
      };
}
