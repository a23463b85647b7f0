package ec.gob.iess.clave.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a TCP port that is free on 127.0.0.1 right now (bench/login.sh picks the server's port with it). */
public final class FreePort {

	private FreePort() {
	}

	public static void main(String[] args) throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			System.out.println(socket.getLocalPort());
		}
	}
}
