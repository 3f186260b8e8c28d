using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TypedSockets.Testing.Security;

/// <summary>Self-signed TLS certificates made in the test, for <c>localhost</c> and 127.0.0.1, valid for an hour.</summary>
public static class TestCertificates
{
    /// <summary>A certificate with its private key, ready for Kestrel's <c>UseHttps</c>.</summary>
    public static X509Certificate2 Create() => X509CertificateLoader.LoadPkcs12(CreatePfx(), password: null);

    /// <summary>Writes a new certificate with its private key to <paramref name="path"/> as PKCS#12 without a password (a server process reads it from its configuration).</summary>
    public static void WritePfx(string path) => File.WriteAllBytes(path, CreatePfx());

    private static byte[] CreatePfx()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // Through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return certificate.Export(X509ContentType.Pfx);
    }
}
