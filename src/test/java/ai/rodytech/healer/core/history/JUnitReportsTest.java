package ai.rodytech.healer.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JUnitReportsTest {

  private static List<String> failing(String xml) throws IOException {
    return JUnitReports.failingTests(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aSurefireReportNamesItsFailuresAndErrors() throws IOException {
    String report = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuite name="com.example.PaymentWebhookIT" tests="3" failures="1" errors="1" skipped="0" time="4.2">
          <testcase name="acceptsSignedPayload" classname="com.example.PaymentWebhookIT" time="0.8"/>
          <testcase name="retriesOnTimeout" classname="com.example.PaymentWebhookIT" time="3.1">
            <failure message="expected: &lt;200&gt; but was: &lt;504&gt;" type="org.opentest4j.AssertionFailedError">
              at com.example.PaymentWebhookIT.retriesOnTimeout(PaymentWebhookIT.java:88)
            </failure>
            <system-out>calling http://localhost:8089/hook</system-out>
          </testcase>
          <testcase name="rejectsReplay" classname="com.example.PaymentWebhookIT" time="0.3">
            <error message="Connection refused" type="java.net.ConnectException"/>
          </testcase>
        </testsuite>
        """;

    assertThat(failing(report))
        .containsExactly("com.example.PaymentWebhookIT.retriesOnTimeout", "com.example.PaymentWebhookIT.rejectsReplay");
  }

  @Test
  void nestedSuitesAndSkippedTests() throws IOException {
    String report = """
        <testsuites>
          <testsuite name="tests.test_api">
            <testcase classname="tests.test_api" name="test_refund_rounds_down"><skipped message="flaky on CI"/></testcase>
            <testcase classname="tests.test_api" name="test_refund_total"><failure message="assert 3 == 4"/></testcase>
          </testsuite>
        </testsuites>
        """;

    assertThat(failing(report)).containsExactly("tests.test_api.test_refund_total");
  }

  @Test
  void anExternalEntityIsNeverResolved() {
    String report = """
        <?xml version="1.0"?>
        <!DOCTYPE testsuite [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <testsuite><testcase classname="x" name="&secret;"><failure/></testcase></testsuite>
        """;

    assertThatThrownBy(() -> failing(report)).isInstanceOf(IOException.class);
  }

  @Test
  void aReportTooLargeIsRefused() {
    byte[] huge = new byte[JUnitReports.MAX_BYTES + 1];
    assertThatThrownBy(() -> JUnitReports.failingTests(new ByteArrayInputStream(huge)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than");
  }

  @Test
  void notXml() {
    assertThatThrownBy(() -> failing("BUILD FAILED")).isInstanceOf(IOException.class);
  }
}
