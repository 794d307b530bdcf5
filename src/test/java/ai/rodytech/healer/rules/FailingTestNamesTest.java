package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The names of the failing tests, as each runner prints them (issue 11 records them from
 * {@code Diagnosis.failingTests()}): a few lines of each runner's real output, the names it must give, in log order.
 */
class FailingTestNamesTest {
  static final LogScanner SCANNER = new LogScanner(SignatureCatalog.builtIn());

  static List<String> names(String log) {
    List<String> raw = List.of(log.split("\\|"));
    List<LogLine> lines = new java.util.ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      lines.add(LogLine.of(i + 1, raw.get(i)));
    }
    return SCANNER.scan(lines).failingTests();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', textBlock = """
      # runner; lines of its output, separated by |; expected names, separated by |
      surefire 2; [ERROR] settles(com.acme.PayTest)  Time elapsed: 0.2 s  <<< FAILURE!|java.lang.AssertionError; settles(com.acme.PayTest)
      surefire 3; [ERROR] com.acme.PayTest.settles -- Time elapsed: 0.012 s <<< FAILURE!|[INFO] Tests run: 3; com.acme.PayTest.settles
      surefire summary; [ERROR] Failures: |[ERROR]   PayTest.settles:42 expected:<1> but was:<0>; PayTest.settles
      gradle junit; PayTest > settles() FAILED|    org.opentest4j.AssertionFailedError at PayTest.java:42|PayTest > refunds() PASSED; PayTest > settles()
      pytest; tests/test_pay.py::test_settles FAILED  [ 50%]|FAILED tests/test_pay.py::test_refund - assert 1 == 2; tests/test_pay.py::test_settles|tests/test_pay.py::test_refund
      jest; FAIL src/pay.test.ts|  ● pay › settles the bill|    expect(received).toBe(expected); pay › settles the bill
      jest verbose; PASS src/a.test.ts|    ✓ adds (3 ms)|    ✕ settles the bill (12 ms); settles the bill
      mocha; 2 passing (40ms)|    1) settles the bill|  1 failing|  1) pay|       settles the bill:|     AssertionError; settles the bill
      go test; === RUN   TestSettle|--- FAIL: TestSettle (0.00s)|    --- FAIL: TestSettle/empty (0.00s); TestSettle|TestSettle/empty
      rspec; rspec ./spec/pay_spec.rb:10 # Pay settles the bill; ./spec/pay_spec.rb:10 # Pay settles the bill
      cargo test; test tests::settles ... FAILED|test tests::refunds ... ok; tests::settles
      nextest; PASS [   0.002s] pay tests::refunds|        FAIL [   0.004s] pay tests::settles; pay tests::settles
      exunit; 1) test settles the bill (MyApp.PayTest)|     test/pay_test.exs:5; test settles the bill (MyApp.PayTest)
      dotnet test; Failed Pay.Tests.BillTests.Settles [12 ms]|  Error Message:; Pay.Tests.BillTests.Settles
      dotnet vstest; Failed   Pay.Tests.BillTests.Refunds|Total tests: 3. Passed: 2. Failed: 1.; Pay.Tests.BillTests.Refunds
      """)
  void namesTheFailingTests(String runner, String log, String expected) {
    assertThat(names(log)).as(runner).containsExactly(expected.split("\\|"));
  }
}
