package org.piranha.gui;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A key store made from a PEM certificate chain and a PEM PKCS#8 private key, for HTTPS. */
final class Tls {

    static final char[] PASSWORD = "piranha".toCharArray();

    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Tls() {}

    static KeyStore keyStore(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<? extends Certificate> chain;
        try (var in = new ByteArrayInputStream(Files.readAllBytes(certFile))) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certFile + ": no certificate in it");
        }
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        Matcher matcher = KEY.matcher(pem);
        if (!matcher.find()) {
            throw new GeneralSecurityException(keyFile + ": no \"BEGIN PRIVATE KEY\" (PKCS#8) block;"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        PrivateKey key = privateKey(der, chain.get(0).getPublicKey().getAlgorithm());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("piranha-gui", key, PASSWORD, chain.toArray(new Certificate[0]));
        return store;
    }

    private static PrivateKey privateKey(byte[] der, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
