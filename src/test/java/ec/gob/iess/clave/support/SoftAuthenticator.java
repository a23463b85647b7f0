package ec.gob.iess.clave.support;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import tools.jackson.databind.JsonNode;

/**
 * A passkey authenticator in plain Java, for tests that speak WebAuthn to the server without a browser: one
 * P-256 key, "none" attestation, the user always present and verified, and a signature counter the test sets
 * (to replay an older value, as a cloned authenticator would). It reads the server's options JSON and writes
 * the JSON a browser sends (WebAuthn Level 3 §5.1 {@code toJSON()}, bytes as base64url). The bits of CBOR it
 * needs are written here.
 */
public final class SoftAuthenticator {

	private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
	private static final Base64.Decoder FROM_URL = Base64.getUrlDecoder();

	private final String origin;
	private final KeyPair keys;
	private final byte[] credentialId = new byte[32];
	private final boolean backupEligible;
	private byte[] userHandle;
	private long counter;

	/** @param origin what the browser would put in clientDataJSON: the page's scheme, host and port */
	public SoftAuthenticator(String origin, boolean backupEligible) {
		this.origin = origin;
		this.backupEligible = backupEligible;
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			keys = generator.generateKeyPair();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
		new SecureRandom().nextBytes(credentialId);
	}

	/** The credential id as the server names it (base64url). */
	public String id() {
		return URL.encodeToString(credentialId);
	}

	/** The counter the next signature carries. */
	public void counter(long value) {
		counter = value;
	}

	/** {@code navigator.credentials.create} for these creation options: the credential's JSON. */
	public String create(JsonNode options) {
		String rpId = options.get("rp").get("id").asString();
		userHandle = FROM_URL.decode(options.get("user").get("id").asString());
		byte[] clientData = clientData("webauthn.create", options.get("challenge").asString());
		ByteArrayOutputStream authData = authenticatorData(rpId, 0x40);
		write(authData, new byte[16]);
		authData.write(credentialId.length >> 8);
		authData.write(credentialId.length & 0xFF);
		write(authData, credentialId);
		write(authData, coseKey());
		ByteArrayOutputStream attestation = new ByteArrayOutputStream();
		header(attestation, 5, 3);
		text(attestation, "fmt");
		text(attestation, "none");
		text(attestation, "attStmt");
		header(attestation, 5, 0);
		text(attestation, "authData");
		bytes(attestation, authData.toByteArray());
		return """
				{"id":"%s","rawId":"%s","type":"public-key","authenticatorAttachment":"platform","clientExtensionResults":{},
				 "response":{"attestationObject":"%s","clientDataJSON":"%s","transports":["internal"]}}"""
			.formatted(id(), id(), URL.encodeToString(attestation.toByteArray()), URL.encodeToString(clientData));
	}

	/** {@code navigator.credentials.get} for these request options: the signed assertion's JSON. */
	public String get(JsonNode options) {
		String rpId = options.get("rpId").asString();
		byte[] clientData = clientData("webauthn.get", options.get("challenge").asString());
		byte[] authData = authenticatorData(rpId, 0).toByteArray();
		byte[] signature;
		try {
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(keys.getPrivate());
			signer.update(authData);
			signer.update(MessageDigest.getInstance("SHA-256").digest(clientData));
			signature = signer.sign();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
		return """
				{"id":"%s","rawId":"%s","type":"public-key","authenticatorAttachment":"platform","clientExtensionResults":{},
				 "response":{"authenticatorData":"%s","clientDataJSON":"%s","signature":"%s","userHandle":"%s"}}"""
			.formatted(id(), id(), URL.encodeToString(authData), URL.encodeToString(clientData),
					URL.encodeToString(signature), URL.encodeToString(userHandle));
	}

	private byte[] clientData(String type, String challenge) {
		return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
				+ "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
	}

	/** RP ID hash, flags (user present and verified, backup eligible if so, plus {@code more}), counter. */
	private ByteArrayOutputStream authenticatorData(String rpId, int more) {
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		try {
			write(data, MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
		data.write(0x01 | 0x04 | (backupEligible ? 0x08 : 0) | more);
		write(data, ByteBuffer.allocate(4).putInt((int) counter).array());
		return data;
	}

	/** The public key as COSE (RFC 9053): EC2, ES256, P-256, x and y. */
	private byte[] coseKey() {
		ECPublicKey key = (ECPublicKey) keys.getPublic();
		ByteArrayOutputStream cose = new ByteArrayOutputStream();
		header(cose, 5, 5);
		header(cose, 0, 1);
		header(cose, 0, 2);
		header(cose, 0, 3);
		header(cose, 1, 6);
		header(cose, 1, 0);
		header(cose, 0, 1);
		header(cose, 1, 1);
		bytes(cose, coordinate(key.getW().getAffineX()));
		header(cose, 1, 2);
		bytes(cose, coordinate(key.getW().getAffineY()));
		return cose.toByteArray();
	}

	private static byte[] coordinate(BigInteger value) {
		byte[] raw = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(raw.length, 32);
		System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
		return fixed;
	}

	/** A CBOR head: major type and argument (RFC 8949 §3). */
	private static void header(ByteArrayOutputStream out, int major, int argument) {
		if (argument < 24) {
			out.write(major << 5 | argument);
		}
		else if (argument < 256) {
			out.write(major << 5 | 24);
			out.write(argument);
		}
		else {
			out.write(major << 5 | 25);
			out.write(argument >> 8);
			out.write(argument & 0xFF);
		}
	}

	private static void text(ByteArrayOutputStream out, String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		header(out, 3, utf8.length);
		write(out, utf8);
	}

	private static void bytes(ByteArrayOutputStream out, byte[] bytes) {
		header(out, 2, bytes.length);
		write(out, bytes);
	}

	private static void write(ByteArrayOutputStream out, byte[] bytes) {
		out.write(bytes, 0, bytes.length);
	}
}
