package org.spira.model.train;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.spira.model.ModelSpec;
import org.spira.model.SpiraConvNet;

/**
 * Where a training step's time goes, per layer, on one native thread (the calling thread's CPU
 * time, which other processes on a loaded machine barely change): SpiraConvV2 (paper
 * setting) on {@link TrainingBenchmark}'s minibatches, each layer's forward and backward pass
 * timed one after the other (the layers called directly, in training mode, without workspaces),
 * then the same minibatch trained by {@code fit} for the whole step: the step minus the layers is
 * the updater (Adam, weight decay, Noam) and the network's own overhead. The PyTorch peer's
 * {@code --profile} (torch.profiler, 1 thread) follows, per operator.
 *
 * <p>Usage: {@code bin/bench-train --profile [--recordings N] [--warmup-epochs N]}; every
 * minibatch is profiled, after the warm-up passes over them all.
 */
public final class LayerProfile {
    private LayerProfile() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = TrainingBenchmark.options(args);
        Path exchange = Files.createTempDirectory("spira-profile-");
        TrainingBenchmark workload = new TrainingBenchmark(options, exchange);
        PrintStream out = System.out;
        workload.prepare(out);
        WorkerThreads.apply(1);
        profile(out, workload.batches(), Integer.parseInt(options.get("--warmup-epochs")));
        out.println();
        out.println("PyTorch 2.15, 1 thread, torch.profiler (self CPU time per operator):");
        out.println(torchProfile(options, exchange));
    }

    private static void profile(PrintStream out, List<DataSet> batches, int warmupEpochs) {
        MultiLayerNetwork network = SpiraConvNet.network(ModelSpec.paper());
        for (int epoch = 0; epoch < warmupEpochs; epoch++) {
            batches.forEach(network::fit);
        }
        Layer[] layers = network.getLayers();
        double[] forward = new double[layers.length];
        double[] backward = new double[layers.length];
        double step = 0;
        int windows = 0;
        for (DataSet batch : batches) {
            timeLayers(network, batch, forward, backward);
            long started = cpuNanos();
            network.fit(batch);
            step += (cpuNanos() - started) / 1e6;
            windows += batch.numExamples();
        }
        int profiled = batches.size();
        out.printf(
                Locale.ROOT,
                "%nDeeplearning4j, 1 thread: CPU ms per minibatch (%d minibatches, %.1f windows each)%n",
                profiled,
                (double) windows / profiled);
        out.printf(Locale.ROOT, "%-10s %10s %10s %10s %8s%n", "layer", "forward", "backward", "total", "share");
        double layersTotal = 0;
        for (int i = 0; i < layers.length; i++) {
            layersTotal += forward[i] + backward[i];
        }
        for (int i = 0; i < layers.length; i++) {
            double total = forward[i] + backward[i];
            out.printf(
                    Locale.ROOT,
                    "%-10s %10.1f %10.1f %10.1f %7.1f%%%n",
                    layers[i].conf().getLayer().getLayerName(),
                    forward[i] / profiled,
                    backward[i] / profiled,
                    total / profiled,
                    100 * total / step);
        }
        double rest = step - layersTotal;
        out.printf(
                Locale.ROOT,
                "%-32s %10.1f %7.1f%%%n",
                "updater and overhead (step - layers)",
                rest / profiled,
                100 * rest / step);
        out.printf(Locale.ROOT, "%-32s %10.1f%n", "step (fit)", step / profiled);
    }

    /** Adds each layer's forward and backward milliseconds on {@code batch} to the arrays. */
    private static void timeLayers(MultiLayerNetwork network, DataSet batch, double[] forward, double[] backward) {
        LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
        Layer[] layers = network.getLayers();
        long size = batch.numExamples();
        INDArray activation = batch.getFeatures();
        for (int i = 0; i < layers.length; i++) {
            long started = cpuNanos();
            InputPreProcessor preProcessor =
                    network.getLayerWiseConfigurations().getInputPreProcess(i);
            if (preProcessor != null) {
                activation = preProcessor.preProcess(activation, (int) size, workspaces);
            }
            activation = layers[i].activate(activation, true, workspaces);
            forward[i] += (cpuNanos() - started) / 1e6;
        }
        ((IOutputLayer) layers[layers.length - 1]).setLabels(batch.getLabels());
        INDArray epsilon = null;
        for (int i = layers.length - 1; i >= 0; i--) {
            long started = cpuNanos();
            epsilon = layers[i].backpropGradient(epsilon, workspaces).getSecond();
            InputPreProcessor preProcessor =
                    network.getLayerWiseConfigurations().getInputPreProcess(i);
            if (preProcessor != null) {
                epsilon = preProcessor.backprop(epsilon, (int) size, workspaces);
            }
            backward[i] += (cpuNanos() - started) / 1e6;
        }
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static String torchProfile(Map<String, String> options, Path exchange) throws Exception {
        List<String> command = List.of(
                options.get("--torch"),
                options.get("--script"),
                "--dir",
                exchange.toString(),
                "--threads",
                "1",
                "--warmup-epochs",
                options.get("--warmup-epochs"),
                "--profile");
        // torch.profiler's own log lines go to stderr, not into the report.
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the PyTorch peer " + command + " failed:\n" + output);
        }
        return output;
    }
}
