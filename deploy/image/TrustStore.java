import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the Java trust store of the image (lib/security/cacerts, PKCS12 like the JDK's) from
 * the PEM certificates of Debian's ca-certificates package. Run by deploy/image/build as a single-file program:
 * java deploy/image/TrustStore.java CERT_DIR OUT.
 */
public final class TrustStore {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java TrustStore.java CERT_DIR OUT");
      System.exit(2);
    }
    // As the JDK's own cacerts: certificates neither encrypted nor under a MAC, so that the default trust manager,
    // which opens the store without a password, sees them.
    System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
    System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    List<Path> files;
    try (Stream<Path> found = Files.walk(Path.of(args[0]))) {
      files = found.filter(p -> p.toString().endsWith(".crt")).sorted().toList();
    }
    int count = 0;
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (Certificate certificate : factory.generateCertificates(in)) {
          X509Certificate x509 = (X509Certificate) certificate;
          String alias = file.getFileName().toString().replaceFirst("\\.crt$", "").toLowerCase();
          store.setCertificateEntry(alias + "-" + x509.getSerialNumber().toString(16), x509);
          count++;
        }
      }
    }
    if (count == 0) {
      System.err.println("TrustStore: no certificate under " + args[0]);
      System.exit(1);
    }
    try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      store.store(out, "changeit".toCharArray());
    }
    System.out.println("TrustStore: " + count + " certificates in " + args[1]);
  }
}
