package org.selfreg.infra.stack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether a server answers at all, told apart from everything else that can go wrong in a call to it: only a server
 * that cannot be reached is worth waiting for or reporting as "start it"; any other failure is a real error.
 */
public final class Reachability {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    private Reachability() {
    }

    /** Whether {@code failure}, or one of its causes, is a failure to connect (refused, no route, no such host). */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof HttpConnectTimeoutException
                    || t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("connect")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails fast when nothing answers HTTP at {@code uri}; any HTTP answer, an error status included, counts as
     * answering (an S3 endpoint answers 403 to an unsigned request).
     *
     * @param what   the server as the user knows it ("Conductor", "MLflow", "S3")
     * @param remedy what to start or change, e.g. "start one with ./selfreg ui, or give --mlflow-url"
     * @throws ServerUnreachableException naming the server, the address, the reason and the remedy
     */
    public static void requireAnswering(URI uri, String what, String remedy) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(ANSWER_TIMEOUT).GET().build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new ServerUnreachableException(what + " does not answer at " + uri + " (" + e + "): " + remedy, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while checking " + what + " at " + uri, e);
        }
    }
}
