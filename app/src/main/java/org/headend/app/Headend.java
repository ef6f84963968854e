package org.headend.app;

import org.headend.collector.archive.ArchiveException;
import org.headend.collector.config.ConfigException;
import org.headend.storage.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line launcher: {@code headend demo|collect|simulate|decode|readings|fieldcheck}. */
@Command(name = "headend", mixinStandardHelpOptions = true, version = "headend 0.1.0",
        description = "Head-end collector for automated meter reading (DL/T 645 over TCP gateways).",
        subcommands = {DemoCommand.class, CollectCommand.class, SimulateCommand.class, DecodeCommand.class, ReadingsCommand.class, MetersCommand.class,
                FieldCheckCommand.class, CommandLine.HelpCommand.class})
public final class Headend implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Headend()).setExecutionExceptionHandler(Headend::failed).execute(args));
    }

    /**
     * A failure the user can act on (bad config, archive, store spec, a port in use) is one clear
     * message and exit code 2; anything else keeps its stack trace and exits 1.
     */
    static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean usersToFix = e instanceof ConfigException || e instanceof ArchiveException
                || e instanceof IllegalArgumentException || e instanceof java.io.IOException
                || e instanceof StoreException;
        if (!usersToFix) {
            e.printStackTrace(cmd.getErr());
            return 1;
        }
        String what = e instanceof java.nio.file.NoSuchFileException ? "file not found: " + e.getMessage() : e.getMessage();
        cmd.getErr().println("headend " + cmd.getCommandName() + ": " + what);
        return 2;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
