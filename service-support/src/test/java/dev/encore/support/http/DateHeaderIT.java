package dev.encore.support.http;

import dev.encore.local.BackingServersExtension;
import dev.encore.support.problem.ErrorsProbeResource;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * API answers carry one {@code Date}, an IMF-fixdate: a resource's, an error's, an unknown path's. (Helidon's own
 * observability endpoints, /health, /metrics and /openapi, still write theirs.)
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddBean(ErrorsProbeResource.class)
class DateHeaderIT {

    private static final String IMF_FIXDATE =
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} "
            + "\\d{2}:\\d{2}:\\d{2} GMT";

    @Inject
    WebTarget target;

    @Test
    void everyAnswerHasOneImfFixdate() {
        for (String path : new String[] {"/errors/things/1", "/errors/bug", "/no/such/path"}) {
            try (Response response = target.path(path).request().get()) {
                assertThat(path, response.getStringHeaders().get("Date"), hasSize(1));
                assertThat(path, response.getHeaderString("Date"), matchesPattern(IMF_FIXDATE));
            }
        }
    }
}
