// One OpenSearch node for scripts/opensearch: OpenSearchRunner with no upper port limit (its
// main() stops at 9299) and a failure that says why instead of only "Closed all nodes".
// Run as a single-file source program: java -cp "$LIB/*" scripts/OpenSearchNode.java ARGS
import org.codelibs.opensearch.runner.OpenSearchRunner;

public class OpenSearchNode {
    public static void main(String[] args) throws Exception {
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1); // the port given is the port used, also above 9299
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }));
        try {
            runner.build(args);
        } catch (Throwable failure) {
            System.err.println("OPENSEARCH NODE FAILED TO START: " + failure);
            for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by: " + cause);
            }
            System.exit(1);
        }
        while (!runner.isClosed()) {
            Thread.sleep(5000);
        }
    }
}
