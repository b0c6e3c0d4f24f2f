package dev.jobqueue.callback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobRef;

/**
 * One callback to deliver: the input of its workflow and of each delivery attempt. It carries no
 * secret: the delivering process looks the tenant's secret up in its own configuration, so no
 * secret is ever written to a workflow's history.
 *
 * @param job whose callback it is (the tenant names the signing secret)
 * @param url the job's {@code callback}, checked again before every attempt connects
 * @param deliveryId stable for the job, its status and how many times it was redriven ({@code
 *     <jobId>/<status>/<n>}): sent as {@code Jobqueue-Delivery}, what receivers deduplicate on
 * @param document the body
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallbackRequest(
    JobRef job, String url, String deliveryId, CallbackDocument document) {}
