package dev.jobqueue.testing;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test, and the certificates it signs, as PEM files in a
 * directory: {@code ca.pem}; {@code server.pem} and {@code server-key.pem} for {@code localhost}
 * and {@code 127.0.0.1} (for server and client authentication); {@code NAME.pem} and {@code
 * NAME-key.pem} for each client. Keys are EC P-256 in PKCS#8, which Go's TLS and Netty both read.
 * Valid for a day.
 */
public final class TestCertificates {
  private static final Duration VALID = Duration.ofDays(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate ca;

  private TestCertificates(Path dir, KeyPair caKeys, X509Certificate ca) {
    this.dir = dir;
    this.caKeys = caKeys;
    this.ca = ca;
  }

  /** A new CA in {@code dir}, with the server's certificate signed by it. */
  public static TestCertificates create(Path dir) throws IOException, GeneralSecurityException {
    Files.createDirectories(dir);
    KeyPair keys = keyPair();
    X500Name name = new X500Name("CN=jobqueue test CA");
    var builder = builder(name, name, keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    var certificates = new TestCertificates(dir, keys, sign(builder, keys));
    certificates.writeCertificate(certificates.ca, certificates.caCert());
    // the server's own internal clients present it too
    certificates.issue("server", KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    return certificates;
  }

  /** A client certificate {@code NAME.pem} and key {@code NAME-key.pem}, signed by the CA. */
  public TestCertificates client(String name) throws IOException, GeneralSecurityException {
    issue(name, KeyPurposeId.id_kp_clientAuth);
    return this;
  }

  public Path caCert() {
    return dir.resolve("ca.pem");
  }

  public Path serverCert() {
    return cert("server");
  }

  public Path serverKey() {
    return key("server");
  }

  public Path cert(String name) {
    return dir.resolve(name + ".pem");
  }

  public Path key(String name) {
    return dir.resolve(name + "-key.pem");
  }

  private void issue(String name, KeyPurposeId... purposes)
      throws IOException, GeneralSecurityException {
    KeyPair keys = keyPair();
    var builder =
        builder(
            new X500Name("CN=jobqueue test CA"),
            new X500Name("CN=" + (name.equals("server") ? "localhost" : name)),
            keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
    if (name.equals("server")) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
    }
    writeCertificate(sign(builder, caKeys), cert(name));
    try (Writer out = Files.newBufferedWriter(key(name));
        var pem = new JcaPEMWriter(out)) {
      pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys)
      throws IOException, GeneralSecurityException {
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(64, RANDOM),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(VALID)),
            subject,
            keys.getPublic());
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    return builder;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      var signed =
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));
      return new JcaX509CertificateConverter().getCertificate(signed);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private void writeCertificate(X509Certificate certificate, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file);
        var pem = new JcaPEMWriter(out)) {
      pem.writeObject(certificate);
    }
  }
}
