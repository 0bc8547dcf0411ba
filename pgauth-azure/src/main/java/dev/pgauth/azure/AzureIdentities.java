package dev.pgauth.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.AzureAuthorityHosts;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.TargetSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Azure identities from azure-identity's DefaultAzureCredential — environment (service principal),
 * workload identity (AKS), managed identity (IMDS, App Service, Arc), then the developer tools
 * (Azure CLI and friends) — configured from the environment pgauth was given, with the managed
 * identity optionally pinned by {@code azure_client_id}. One credential per identity, shared.
 */
final class AzureIdentities {
    /** What the chain reads from the environment; a credential is made per distinct set of values. */
    static final List<String> VARIABLES = List.of("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
            "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST", "AZURE_TOKEN_CREDENTIALS",
            "AZURE_POD_IDENTITY_AUTHORITY_HOST", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET");
    private static final Set<String> KNOWN_AUTHORITIES = Set.of(AzureAuthorityHosts.AZURE_PUBLIC_CLOUD, AzureAuthorityHosts.AZURE_CHINA,
            AzureAuthorityHosts.AZURE_GOVERNMENT, "https://login.microsoftonline.com", "https://login.chinacloudapi.cn", "https://login.microsoftonline.us");
    private static final HttpClient HTTP = new JdkHttpClientBuilder().build();
    private static final Map<Identity, TokenCredential> CREDENTIALS = new ConcurrentHashMap<>();

    /** The chain's inputs. {@code toString} shows no values: some of them are secrets. */
    record Identity(String clientId, Map<String, String> environment) {
        static Identity of(TargetSpec target, Map<String, String> env) {
            Map<String, String> picked = new TreeMap<>();
            for (String name : VARIABLES) {
                String value = env.get(name);
                if (value != null && !value.isBlank()) {
                    picked.put(name, value);
                }
            }
            return new Identity(target.azureClientId(), Map.copyOf(picked));
        }

        /** Which managed identity is asked for, in words. */
        String managedIdentity() {
            String id = clientId != null ? clientId : environment.get("AZURE_CLIENT_ID");
            return id == null ? "the system-assigned (or only) managed identity" : "the user-assigned managed identity " + id
                    + (clientId != null ? " (azure_client_id)" : " (AZURE_CLIENT_ID)");
        }

        /** Who asks for tokens, as far as the environment tells. */
        String describe() {
            String client = environment.getOrDefault("AZURE_CLIENT_ID", "(AZURE_CLIENT_ID not set)");
            if (environment.containsKey("AZURE_CLIENT_SECRET") || environment.containsKey("AZURE_CLIENT_CERTIFICATE_PATH")) {
                return "service principal " + client;
            }
            if (environment.containsKey("AZURE_FEDERATED_TOKEN_FILE")) {
                return "workload identity " + client;
            }
            return managedIdentity();
        }

        @Override
        public String toString() {
            return "Identity[" + (clientId == null ? "" : "azure_client_id=" + clientId + ", ") + "variables=" + environment.keySet() + "]";
        }
    }

    private AzureIdentities() {
    }

    static TokenCredential credential(Identity identity) {
        return CREDENTIALS.computeIfAbsent(identity, AzureIdentities::build);
    }

    /**
     * A token for {@code scope}, or a failure that says why — asking the managed identity alone
     * when the chain reached an endpoint that answered without a token (the chain drops its reason).
     *
     * @param what the service the token is for, in words (e.g. "Key Vault")
     */
    static AccessToken token(String target, Identity identity, String scope, String what) throws PgAuthException {
        try {
            return credential(identity).getTokenSync(new TokenRequestContext().addScopes(scope));
        } catch (RuntimeException e) {
            String managedIdentity = AzureErrors.managedIdentityAnswered(e) ? managedIdentityFailure(identity, scope) : null;
            throw AzureErrors.tokenFailure(target, identity, what, e, managedIdentity);
        }
    }

    /** Drops the identity's credential, and with it the library's token cache, so the next token is really new. */
    static void forget(Identity identity) {
        CREDENTIALS.remove(identity);
    }

    /** Tests switch identity sources within one JVM. */
    static void forgetAll() {
        CREDENTIALS.clear();
    }

    /**
     * Why the managed identity alone gives no token, asked outside the chain (which keeps only
     * "not available"); called after a failure, when the endpoint is known to answer.
     */
    private static String managedIdentityFailure(Identity identity, String scope) {
        ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder().configuration(configuration(identity)).httpClient(HTTP);
        if (identity.clientId() != null) {
            builder.clientId(identity.clientId());
        }
        try {
            builder.build().getTokenSync(new TokenRequestContext().addScopes(scope));
            return null;
        } catch (RuntimeException e) {
            return AzureErrors.chainText(e);
        }
    }

    private static Configuration configuration(Identity identity) {
        Map<String, String> env = identity.environment();
        return new ConfigurationBuilder(source -> Map.of(), source -> Map.of(), source -> env).build();
    }

    private static TokenCredential build(Identity identity) {
        Map<String, String> env = identity.environment();
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().configuration(configuration(identity)).httpClient(HTTP);
        if (identity.clientId() != null) {
            builder.managedIdentityClientId(identity.clientId());
        }
        String authority = env.get("AZURE_AUTHORITY_HOST");
        if (authority != null && !KNOWN_AUTHORITIES.contains(authority.replaceAll("/+$", ""))) {
            // Instance discovery would ask login.microsoftonline.com about a private authority (Azure Stack, a test fake).
            builder.disableInstanceDiscovery();
        }
        return builder.build();
    }
}
