package org.spira.pipeline.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.storage.BlockManagerId;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.pipeline.config.ConfigException;

/**
 * Where the network trains and with what: the process (an executor, or the driver), the CPU
 * cores and GPU addresses Spark assigned to the training task, and the ND4J backend this build
 * loaded. ParallelWrapper trains one worker per GPU, or one per core without GPUs, and each worker
 * gets {@code cores / workers} ND4J threads (at least one), so that the workers' OpenMP and BLAS
 * threads together use the cores asked for and no more.
 *
 * @param where {@code "executor <id> on <host>, task <attempt id>"} or {@code "driver"}
 * @param cores CPU cores assigned, >= 1
 * @param gpus GPU addresses assigned, as Spark's discovery script reported them
 * @param cudaBackend whether ND4J's backend is CUDA (else the CPU backend, nd4j-native)
 */
record TaskDevices(String where, int cores, List<String> gpus, boolean cudaBackend) implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDevices.class);
    static final String GPU = "gpu";

    TaskDevices {
        gpus = List.copyOf(gpus);
    }

    /** The driver, with {@code cores} cores and no GPU. */
    static TaskDevices driver(int cores) {
        return new TaskDevices("driver", cores, List.of(), cudaLoaded());
    }

    /** This Spark task's executor and resources. */
    static TaskDevices ofTask(TaskContext task, int cores) {
        ResourceInformation gpu = task.resourcesJMap().get(GPU);
        List<String> addresses = gpu == null ? List.of() : List.of(gpu.addresses());
        BlockManagerId executor = SparkEnv.get().blockManager().blockManagerId();
        return new TaskDevices(
                "executor " + executor.executorId() + " on " + executor.host() + ", task " + task.taskAttemptId(),
                cores,
                addresses,
                cudaLoaded());
    }

    int workers() {
        return gpus.isEmpty() ? cores : gpus.size();
    }

    int threadsPerWorker() {
        return Math.max(1, cores / workers());
    }

    /**
     * Refuses GPUs this build cannot use, before any training: each assigned GPU's compute
     * capability as {@code nvidiaSmi} reports it must be one {@link GpuSupport} accepts. The CUDA
     * backend must also see exactly the assigned GPUs (it trains on the devices it sees). On the
     * CPU backend, GPUs whose capability cannot be read are reported and training goes on on CPU.
     *
     * @throws ConfigException naming the GPU and the fix
     */
    void check(String nvidiaSmi) {
        if (gpus.isEmpty()) {
            return;
        }
        Optional<Map<String, GpuSupport.Capability>> capabilities = GpuSupport.query(nvidiaSmi, gpus);
        capabilities.ifPresent(GpuSupport::requireSupported);
        if (cudaBackend) {
            if (capabilities.isEmpty()) {
                throw new ConfigException("cannot read the compute capability of GPUs " + gpus + " with " + nvidiaSmi
                        + " --query-gpu=compute_cap: install an NVIDIA driver of 510 or later on the workers");
            }
            int visible = Nd4j.getAffinityManager().getNumberOfDevices();
            if (visible != gpus.size()) {
                throw new ConfigException("the CUDA backend sees " + visible + " GPUs but the training task was"
                        + " assigned " + gpus + ": give each executor exactly spira.train.gpus GPUs"
                        + " (spark.executor.resource.gpu.amount) and limit it to them with CUDA_VISIBLE_DEVICES");
            }
        } else {
            LOG.warn("train: GPUs " + gpus + " assigned"
                    + capabilities
                            .map(c -> " (compute capability " + c + ")")
                            .orElse(" (compute capability not read: no " + nvidiaSmi + " answered)")
                    + ", but this build's ND4J backend is the CPU one (nd4j-native): training falls back to the CPU"
                    + " backend on " + cores + " core(s); build with -Pcuda to train on the GPUs");
        }
    }

    /** Sets ND4J's OpenMP and BLAS threads to {@link #threadsPerWorker()}. */
    void applyThreads() {
        int threads = threadsPerWorker();
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** What the run records about where it trained, as params (or tags when resumed). */
    Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("train.trained_on", where);
        params.put("train.task_cores", Integer.toString(cores));
        params.put("train.gpu_addresses", String.join(",", gpus));
        params.put("train.backend", cudaBackend ? "cuda" : "cpu");
        params.put("train.workers", Integer.toString(workers()));
        params.put("train.threads_per_worker", Integer.toString(threadsPerWorker()));
        return params;
    }

    private static boolean cudaLoaded() {
        return !Nd4j.getEnvironment().isCPU();
    }
}
