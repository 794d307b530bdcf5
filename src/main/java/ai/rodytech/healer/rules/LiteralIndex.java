package ai.rodytech.healer.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * All patterns' required literals in one Aho-Corasick automaton: one pass over a line tells which patterns can
 * match it (those whose every required choice occurs), so a line is not searched once per pattern. Lines and
 * literals are folded to lower case; characters outside ASCII share one symbol, which can only widen the
 * candidates (the regex still decides).
 */
final class LiteralIndex {
  private static final int SYMBOLS = 128;
  private static final int OTHER = 127;

  /** Flattened transitions: next[node * SYMBOLS + symbol]. */
  private final int[] next;
  /** Per node, the (pattern id, choice) pairs it completes, encoded as id * MAX_CHOICES + choice. */
  private final int[][] outputs;
  /** Per pattern, the bit mask of all its choices; 0 for a pattern without literals, which always runs. */
  private final int[] full;

  /** Which patterns one line may match; reused line after line. */
  static final class Candidates {
    private final int[] mask;
    private final int[] epochOf;
    private final int[] full;
    private int epoch;

    private Candidates(int[] full) {
      this.full = full;
      this.mask = new int[full.length];
      this.epochOf = new int[full.length];
    }

    /** Whether pattern {@code id} may match the line last given to {@link LiteralIndex#scan}. */
    boolean has(int id) {
      return full[id] == 0 || epochOf[id] == epoch && mask[id] == full[id];
    }

    private void meet(int pair) {
      int id = pair / RequiredLiteral.MAX_CHOICES;
      if (epochOf[id] != epoch) {
        epochOf[id] = epoch;
        mask[id] = 0;
      }
      mask[id] |= 1 << (pair % RequiredLiteral.MAX_CHOICES);
    }
  }

  LiteralIndex(List<LinePattern> patterns) {
    List<int[]> transitions = new ArrayList<>();
    List<List<Integer>> found = new ArrayList<>();
    transitions.add(new int[SYMBOLS]);
    found.add(new ArrayList<>());
    full = new int[patterns.size()];
    for (int id = 0; id < patterns.size(); id++) {
      List<List<String>> required = patterns.get(id).required();
      for (int choice = 0; choice < required.size(); choice++) {
        full[id] |= 1 << choice;
        for (String literal : required.get(choice)) {
          int node = 0;
          for (int k = 0; k < literal.length(); k++) {
            int symbol = symbol(literal.charAt(k));
            if (transitions.get(node)[symbol] == 0) {
              transitions.get(node)[symbol] = transitions.size();
              transitions.add(new int[SYMBOLS]);
              found.add(new ArrayList<>());
            }
            node = transitions.get(node)[symbol];
          }
          found.get(node).add(id * RequiredLiteral.MAX_CHOICES + choice);
        }
      }
    }
    int[][] table = transitions.toArray(new int[0][]);
    this.outputs = link(table, found);
    this.next = new int[table.length * SYMBOLS];
    for (int node = 0; node < table.length; node++) {
      System.arraycopy(table[node], 0, next, node * SYMBOLS, SYMBOLS);
    }
  }

  Candidates newCandidates() {
    return new Candidates(full);
  }

  /** Reads one line (any case) and records in {@code candidates} which patterns may match it. */
  void scan(String line, Candidates candidates) {
    candidates.epoch++;
    int node = 0;
    for (int i = 0; i < line.length(); i++) {
      node = next[node * SYMBOLS + symbol(line.charAt(i))];
      int[] out = outputs[node];
      for (int pair : out) {
        candidates.meet(pair);
      }
    }
  }

  private static int symbol(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c + ('a' - 'A');
    }
    return c < SYMBOLS ? c : OTHER;
  }

  /**
   * Breadth-first: completes every node's transitions through its failure link (a full automaton, no runtime
   * back-tracking) and merges the outputs of the failure chain into each node.
   */
  private static int[][] link(int[][] next, List<List<Integer>> found) {
    int[] fail = new int[next.length];
    Deque<Integer> queue = new ArrayDeque<>();
    for (int symbol = 0; symbol < SYMBOLS; symbol++) {
      if (next[0][symbol] != 0) {
        queue.add(next[0][symbol]);
      }
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      found.get(node).addAll(found.get(fail[node]));
      for (int symbol = 0; symbol < SYMBOLS; symbol++) {
        int child = next[node][symbol];
        if (child != 0) {
          fail[child] = next[fail[node]][symbol];
          queue.add(child);
        } else {
          next[node][symbol] = next[fail[node]][symbol];
        }
      }
    }
    int[][] outputs = new int[next.length][];
    for (int node = 0; node < next.length; node++) {
      outputs[node] = found.get(node).stream().distinct().mapToInt(Integer::intValue).toArray();
    }
    return outputs;
  }
}
