package ai.rodytech.healer.core.history;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The failing tests of a JUnit XML report (the format of Maven Surefire, Gradle, pytest --junitxml, go-junit-report
 * and most CI tools): every {@code <testcase>} with a {@code <failure>} or {@code <error>}, named
 * {@code classname.name}. Safe on untrusted input: bounded in size, no DTDs, no external entities.
 */
public final class JUnitReports {
  /** Largest report read; a larger one is refused rather than read in part. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;
  /** Most test names taken from one report. */
  static final int MAX_TESTS = 200;

  private static final XMLInputFactory FACTORY = factory();

  private JUnitReports() {}

  /** The failing tests, normalized, in report order. Throws IOException for a report too large or not XML. */
  public static List<String> failingTests(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new IOException("the report is larger than " + MAX_BYTES + " bytes");
    }
    List<String> failing = new ArrayList<>();
    try {
      XMLStreamReader xml = FACTORY.createXMLStreamReader(new ByteArrayInputStream(bytes));
      String testCase = null;
      boolean failed = false;
      while (xml.hasNext() && failing.size() < MAX_TESTS) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String element = xml.getLocalName();
          if (element.equals("testcase")) {
            testCase = name(xml.getAttributeValue(null, "classname"), xml.getAttributeValue(null, "name"));
            failed = false;
          } else if (testCase != null && (element.equals("failure") || element.equals("error"))) {
            failed = true;
          }
        } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("testcase")) {
          if (failed && testCase != null) {
            failing.add(testCase);
          }
          testCase = null;
        }
      }
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("not a JUnit XML report: " + e.getMessage(), e);
    }
    return TestNames.normalizeAll(failing);
  }

  private static String name(String className, String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    return className == null || className.isBlank() ? name : className + "." + name;
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }
}
