package ai.rodytech.healer.sim.argo;

import java.nio.charset.StandardCharsets;

/**
 * Names Argo Workflows gives nodes and pods: a node's ID is the workflow's name and the FNV-1a 32-bit hash of
 * the node's name ({@code wf.NodeID}); a pod is named {@code <workflow>-<template>-<that hash>} (pod names v2,
 * the default since v3.4), except the pod of a workflow whose entrypoint is itself a pod, named after the
 * workflow.
 */
final class ArgoNames {
  private static final int MAX_NAME = 63;
  private static final int HASH_ROOM = 11;

  private ArgoNames() {}

  static String nodeId(String workflow, String nodeName) {
    return nodeName.equals(workflow) ? workflow : workflow + "-" + fnv32a(nodeName);
  }

  static String podName(String workflow, String nodeName, String templateName) {
    if (nodeName.equals(workflow)) {
      return workflow;
    }
    String prefix = workflow + "-" + templateName;
    if (prefix.length() > MAX_NAME - HASH_ROOM) {
      prefix = prefix.substring(0, MAX_NAME - HASH_ROOM);
    }
    return prefix + "-" + fnv32a(nodeName);
  }

  static long fnv32a(String text) {
    long hash = 0x811c9dc5L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= (b & 0xff);
      hash = (hash * 0x01000193L) & 0xffffffffL;
    }
    return hash;
  }
}
