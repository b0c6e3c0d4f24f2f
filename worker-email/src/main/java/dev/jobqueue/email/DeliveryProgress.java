package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The recipients earlier attempts of a send settled, kept as the activity's heartbeat details. When
 * a relay defers some recipients and takes others, the retry goes only to those still pending, so
 * the ones who got the message do not get it again.
 *
 * @param accepted recipients the relay took in an earlier attempt
 * @param rejected recipients it refused for good in an earlier attempt
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryProgress(List<String> accepted, List<RecipientFailure> rejected) {
  public static final DeliveryProgress NONE = new DeliveryProgress(List.of(), List.of());

  public DeliveryProgress {
    accepted = accepted == null ? List.of() : List.copyOf(accepted);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  /** Those of {@code recipients} no earlier attempt settled. */
  Address[] pending(Address[] recipients) {
    Set<String> settled = new HashSet<>(accepted);
    rejected.forEach(r -> settled.add(r.address()));
    return Arrays.stream(recipients)
        .filter(a -> !settled.contains(((InternetAddress) a).getAddress()))
        .toArray(Address[]::new);
  }

  /** This progress with what {@code delivery} settled added. */
  DeliveryProgress plus(Delivery delivery) {
    var allAccepted = new ArrayList<>(accepted);
    allAccepted.addAll(delivery.accepted());
    var allRejected = new ArrayList<>(rejected);
    allRejected.addAll(delivery.rejected());
    return new DeliveryProgress(allAccepted, allRejected);
  }
}
