package ai.rodytech.healer.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "none",
      value = {
        "node:20, node, 20, none, docker.io/library/node",
        "node, node, none, none, docker.io/library/node",
        "bitnami/kubectl:1.30, bitnami/kubectl, 1.30, none, docker.io/bitnami/kubectl",
        "docker.io/node:20, docker.io/node, 20, none, docker.io/library/node",
        "index.docker.io/library/node:20, index.docker.io/library/node, 20, none, docker.io/library/node",
        "registry:5000/team/app:1.2, registry:5000/team/app, 1.2, none, registry:5000/team/app",
        "localhost/app, localhost/app, none, none, localhost/app",
        "ghcr.io/org/tool:v1@" + DIGEST + ", ghcr.io/org/tool, v1, " + DIGEST + ", ghcr.io/org/tool",
      })
  void splitsRepositoryTagAndDigest(String image, String repository, String tag, String digest, String canonical) {
    ImageReference ref = ImageReference.parse(image).orElseThrow();

    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isEqualTo(digest);
    assertThat(ref.canonicalRepository()).isEqualTo(canonical);
    assertThat(ref.floating()).isEqualTo(digest == null);
    assertThat(ref.toString()).isEqualTo(image);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "node:", "node@sha256:short", "node@md5:0", "$(curl evil)", ":20", "node 20"})
  void rejectsWhatIsNotAnImageReference(String image) {
    assertThat(ImageReference.parse(image)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "none",
      value = {
        "docker.io/library/node@" + DIGEST + ", " + DIGEST,
        "docker-pullable://node@" + DIGEST + ", " + DIGEST,
        // A local image ID (bare, or docker://) is not a repository digest: a pin to it would not pull.
        DIGEST + ", none",
        "docker://" + DIGEST + ", none",
        "node@sha256:abc, none",
        "sha256:abc, none",
        "none, none",
      })
  void readsTheRepositoryDigestOfAnImageId(String imageId, String digest) {
    assertThat(ImageReference.digestOf(imageId)).isEqualTo(Optional.ofNullable(digest));
  }
}
