package dev.pgauth.aws;

import dev.pgauth.config.RdsHosts;
import dev.pgauth.config.TargetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;

/**
 * The region an RDS token is signed for: the target's {@code region}, then {@code AWS_REGION},
 * {@code AWS_DEFAULT_REGION}, the profile's region, the region in an RDS host name
 * ({@code *.<region>.rds.amazonaws.com}), and last instance metadata (at connect time only).
 */
final class RegionResolver {
    private RegionResolver() {
    }

    /** The region and which source gave it; empty with the sources tried when none did. */
    record Resolved(String region, String source) {
    }

    /** Without instance metadata: what startup can know. */
    static Optional<Resolved> fromConfig(TargetSpec t, Map<String, String> env) {
        if (t.region() != null) {
            return Optional.of(new Resolved(t.region(), "region"));
        }
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Resolved(value.strip(), variable));
            }
        }
        try {
            var fromProfile = t.awsProfile() == null ? new AwsProfileRegionProvider() : new AwsProfileRegionProvider(null, t.awsProfile());
            return Optional.of(new Resolved(fromProfile.getRegion().id(), "profile " + (t.awsProfile() == null ? "default" : t.awsProfile())));
        } catch (SdkClientException e) {
            // no region in the profile: keep looking
        }
        return RdsHosts.region(t.iamSigningHost()).map(region -> new Resolved(region, "RDS host name"));
    }

    static Resolved atConnect(TargetSpec t, Map<String, String> env) throws RegionNotFound {
        Optional<Resolved> known = fromConfig(t, env);
        if (known.isPresent()) {
            return known.get();
        }
        try {
            return new Resolved(new InstanceProfileRegionProvider().getRegion().id(), "instance metadata");
        } catch (SdkClientException e) {
            throw new RegionNotFound(List.of("region", "AWS_REGION", "AWS_DEFAULT_REGION", "the profile's region",
                    "the RDS host name", "instance metadata"));
        }
    }

    /** No source had a region. */
    static final class RegionNotFound extends Exception {
        private static final long serialVersionUID = 1L;

        RegionNotFound(List<String> tried) {
            super("no AWS region found; tried " + String.join(", ", new ArrayList<>(tried)));
        }
    }
}
