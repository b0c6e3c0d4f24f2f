package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

class LanesConfigTest {
  @Test
  void theShippedConfigServesBothLanesEachWithItsOwnLimits() throws Exception {
    var config = load(Map.of());

    assertThat(config.getLanes().lanes()).containsExactly(EmailLane.TRANSACTIONAL, EmailLane.BULK);
    assertThat(config.getWorker().maxConcurrentActivities()).isEqualTo(200);
    assertThat(config.getSmtp().poolSize()).isEqualTo(32);
    assertThat(config.getLanes().bulk().maxConcurrentActivities()).isEqualTo(32);
    assertThat(config.getLanes().bulk().smtpPoolSize()).isEqualTo(32);
    assertThat(config.getLanes().minTimeLeft()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theEnvironmentChoosesTheLanesAndTheirLimits() throws Exception {
    var config =
        load(
            Map.of(
                "EMAIL_LANES", "bulk",
                "EMAIL_BULK_CONCURRENCY", "8",
                "EMAIL_BULK_SMTP_POOL_SIZE", "12",
                "EMAIL_WORKER_CONCURRENCY", "50",
                "SMTP_POOL_SIZE", "6",
                "EMAIL_MIN_TIME_LEFT", "PT3S"));

    assertThat(config.getLanes().lanes()).containsExactly(EmailLane.BULK);
    assertThat(config.getLanes().bulk().maxConcurrentActivities()).isEqualTo(8);
    assertThat(config.getLanes().bulk().smtpPoolSize()).isEqualTo(12);
    // the transactional lane keeps the variables it had before there were lanes
    assertThat(config.getWorker().maxConcurrentActivities()).isEqualTo(50);
    assertThat(config.getSmtp().poolSize()).isEqualTo(6);
    assertThat(config.getLanes().minTimeLeft()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void laneNamesAreReadLooselyButAnUnknownOneFailsTheConfig() {
    assertThat(EmailLane.parse(" Bulk, transactional ,"))
        .containsExactly(EmailLane.TRANSACTIONAL, EmailLane.BULK);
    assertThat(EmailLane.parse("transactional")).containsExactly(EmailLane.TRANSACTIONAL);
    assertThatThrownBy(() -> new LanesConfig("transactional,bulkk", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown lane \"bulkk\"");
    assertThatThrownBy(() -> EmailLane.parse(" , "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
  }

  @Test
  void bulkLimitsMustBePositive() {
    assertThatThrownBy(() -> new LanesConfig.Bulk(-1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentActivities");
    assertThatThrownBy(() -> new LanesConfig.Bulk(0, -2, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smtpPoolSize");
  }

  /** worker-email's config.yml, with {@code env} standing in for the environment. */
  private static EmailWorkerConfiguration load(Map<String, String> env) throws Exception {
    var factory =
        new YamlConfigurationFactory<>(
            EmailWorkerConfiguration.class,
            Validators.newValidator(),
            Jackson.newObjectMapper(),
            "dw");
    return factory.build(
        new SubstitutingSourceProvider(
            new FileConfigurationSourceProvider(), new StringSubstitutor(env)),
        "config.yml");
  }
}
