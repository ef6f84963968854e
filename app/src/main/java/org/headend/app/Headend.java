package org.headend.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line launcher: {@code headend demo|collect|simulate|decode|readings}. */
@Command(name = "headend", mixinStandardHelpOptions = true, version = "headend 0.1.0",
        description = "Head-end collector for automated meter reading (DL/T 645 over TCP gateways).",
        subcommands = {DemoCommand.class, CollectCommand.class, SimulateCommand.class, DecodeCommand.class, ReadingsCommand.class,
                CommandLine.HelpCommand.class})
public final class Headend implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Headend()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
