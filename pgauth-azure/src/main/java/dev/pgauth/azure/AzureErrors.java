package dev.pgauth.azure;

import com.azure.identity.CredentialUnavailableException;
import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Azure identity failures as pgauth failures: the sources tried and what to do about each. */
final class AzureErrors {
    static final String NO_IDENTITY_FIX = "On Azure, enable a managed identity on the VM, scale set, App Service or container "
            + "(several user-assigned identities: set azure_client_id); on AKS, enable workload identity for the pod's service account; "
            + "elsewhere set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) for a service principal; "
            + "in development run `az login`.";

    private static final String AMBIGUOUS = "Multiple user assigned identities exist";

    private AzureErrors() {
    }

    /**
     * A failure to get a token for {@code what} (e.g. "Key Vault").
     *
     * @param managedIdentityDetail why the managed identity endpoint, which answered, gave no token (the chain drops this); null if unknown
     */
    static PgAuthException tokenFailure(String target, AzureIdentities.Identity identity, String what, RuntimeException e, String managedIdentityDetail) {
        String detail = detail(e);
        if (chain(e).contains(AMBIGUOUS) || (managedIdentityDetail != null && managedIdentityDetail.contains(AMBIGUOUS))) {
            return new PgAuthException(FailureCategory.CREDENTIAL, target, "this host has several user-assigned managed identities and the request named none",
                    "Set azure_client_id (or AZURE_CLIENT_ID) to the client ID of the identity pgauth should use.");
        }
        if (e instanceof CredentialUnavailableException) {
            return new PgAuthException(FailureCategory.CREDENTIAL, target, "no Azure identity found for " + what + "; tried "
                    + sourcesTried(identity, managedIdentityDetail), NO_IDENTITY_FIX);
        }
        return new PgAuthException(FailureCategory.CREDENTIAL, target, "Entra refused a token for " + what + " to " + identity.describe()
                + ": " + detail, "Check the identity exists in the tenant and may get tokens (the Entra error code above says why).");
    }

    /** Whether the chain reached a managed identity endpoint that answered but gave no token. */
    static boolean managedIdentityAnswered(RuntimeException e) {
        return e instanceof CredentialUnavailableException && chain(e).contains("Managed Identity authentication is not available");
    }

    /** Each source of the chain and what the environment shows for it. */
    static String sourcesTried(AzureIdentities.Identity identity, String managedIdentityDetail) {
        Map<String, String> env = identity.environment();
        List<String> tried = new ArrayList<>();
        tried.add("environment (" + (env.containsKey("AZURE_CLIENT_SECRET") || env.containsKey("AZURE_CLIENT_CERTIFICATE_PATH")
                ? "service principal " + env.getOrDefault("AZURE_CLIENT_ID", "without AZURE_CLIENT_ID") : "AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH not set") + ")");
        tried.add("workload identity (" + (env.containsKey("AZURE_FEDERATED_TOKEN_FILE") ? "AZURE_FEDERATED_TOKEN_FILE " + env.get("AZURE_FEDERATED_TOKEN_FILE")
                : "AZURE_FEDERATED_TOKEN_FILE not set") + ")");
        String endpoint = env.containsKey("IDENTITY_ENDPOINT") ? "IDENTITY_ENDPOINT " + env.get("IDENTITY_ENDPOINT")
                : env.containsKey("MSI_ENDPOINT") ? "MSI_ENDPOINT " + env.get("MSI_ENDPOINT")
                : "instance metadata " + env.getOrDefault("AZURE_POD_IDENTITY_AUTHORITY_HOST", "169.254.169.254");
        endpoint += managedIdentityDetail != null ? " answered without a token: " + managedIdentityDetail : " did not answer";
        tried.add("managed identity (" + identity.managedIdentity() + ", " + endpoint + ")");
        tried.add("developer tools (Azure CLI `az`, Azure Developer CLI, Azure PowerShell, IntelliJ: none signed in)");
        return String.join("; ", tried);
    }

    /** The whole cause chain's messages on one line (the managed identity endpoint's own words are deep inside). */
    static String chainText(Throwable e) {
        String text = chain(e).replaceAll("\\s+", " ").strip();
        if (text.contains(AMBIGUOUS)) {
            return AMBIGUOUS;
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** Every message in the cause chain. */
    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    /** The innermost message, first line only: Entra's AADSTS code and text, or the managed identity endpoint's answer. */
    static String detail(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String line = message.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
