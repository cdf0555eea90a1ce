package org.stunneljava.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stunneljava.config.OptionCatalog.Entry;
import org.stunneljava.config.OptionCatalog.Scope;
import org.stunneljava.config.OptionCatalog.Support;

/**
 * The validate step: replays the parse events in order and builds the records. Like stunnel it checks each line
 * as it comes and each section when the next one starts (the global section when the first one starts), so the
 * first error reported is the one stunnel reports. Single use; not thread-safe.
 */
final class ConfigValidator {
    private static final String NOT_VALID_HERE = "Specified option name is not valid here";

    private final ConfigEnvironment env;
    private final Addresses addresses;
    private final List<StartupNotice> notices;
    private final GlobalOptions global = new GlobalOptions();
    private final ServiceOptions defaults;
    private final NoEffectOptions noEffect = new NoEffectOptions();
    private final List<ServiceConfig> services = new ArrayList<>();
    private final List<ServiceOptions.SectionRef> sections = new ArrayList<>();
    private GlobalConfig globalConfig;
    private ParseEvent.SectionStart currentStart; // null while in the global section
    private ServiceOptions current;

    ConfigValidator(ConfigEnvironment env, List<StartupNotice> notices) {
        this.env = env;
        this.addresses = new Addresses(env.resolver(), env.serviceNames());
        this.notices = notices;
        this.defaults = ServiceOptions.globalDefaults(env.workingDirectory(), notices, env.resolver());
    }

    StunnelConfig validate(Path file, List<ParseEvent> events) throws ConfigException {
        for (ParseEvent event : events) {
            switch (event) {
                case ParseEvent.SectionStart start -> startSection(start);
                case ParseEvent.OptionLine line -> option(line);
                case ParseEvent.Failure failure -> throw failure(failure.lines(), failure.includes());
            }
        }
        if (current == null) {
            inetdMode(); // always throws
        }
        finishSection(List.of()); // end of the main file: no include wrappers
        return new StunnelConfig(file, globalConfig, services, notices);
    }

    private void startSection(ParseEvent.SectionStart start) throws ConfigException {
        if (current == null) {
            buildGlobal(start.includes());
        } else {
            finishSection(start.includes());
        }
        currentStart = start;
        current = defaults.copyForSection();
        sections.add(new ServiceOptions.SectionRef(start.name(), false)); // client is final when it ends
    }

    private void option(ParseEvent.OptionLine line) throws ConfigException {
        Entry entry = OptionCatalog.find(line.key()).orElse(null);
        boolean inGlobalSection = current == null;
        try {
            if (entry == null || (entry.scope() == Scope.GLOBAL && !inGlobalSection)) {
                throw new OptionError(NOT_VALID_HERE);
            }
            if (entry.support() == Support.NOT_YET) {
                throw new OptionError(OptionCatalog.refusal(entry.name()).orElse(OptionError.notSupportedYet(entry.name())));
            }
            if (entry.support() == Support.NO_EFFECT) {
                noEffect.apply(entry.name(), line.value(), line.origin(), notices);
            } else if (entry.scope() == Scope.GLOBAL) {
                global.apply(entry.name(), line.value(), line.origin());
            } else {
                (inGlobalSection ? defaults : current).apply(entry.name(), line.value(), line.origin());
            }
        } catch (OptionError e) {
            List<String> lines = new ArrayList<>(e.details());
            lines.add(line.origin().prefix() + ": " + e.reason());
            throw failure(lines, line.includes());
        }
    }

    private void buildGlobal(List<Origin> includes) throws ConfigException {
        try {
            globalConfig = global.build(defaults.log(), defaults.globalMaxClients(), defaults.processIdentity(notices),
                    env.workingDirectory(), notices);
        } catch (OptionError e) {
            throw failure(e, "Global options: ", includes);
        }
    }

    private void finishSection(List<Origin> includes) throws ConfigException {
        String name = currentStart.name();
        ServiceOptions.Context ctx = new ServiceOptions.Context(name, currentStart.origin(), false,
                List.copyOf(sections), addresses, env.workingDirectory(), env.variables(), notices);
        try {
            services.add(current.finish(ctx));
        } catch (OptionError e) {
            throw failure(e, "Service [" + name + "]: ", includes);
        }
        sections.set(sections.size() - 1, new ServiceOptions.SectionRef(name, current.client()));
    }

    /**
     * A file without sections is stunnel's inetd mode: one service on stdin/stdout. stunnel's own checks come
     * first, so that a file it rejects is rejected with its words; a file it would run is refused as not
     * supported yet.
     */
    private void inetdMode() throws ConfigException {
        buildGlobal(List.of());
        ServiceOptions.Context ctx = new ServiceOptions.Context("stunnel", null, true, List.of(), addresses,
                env.workingDirectory(), env.variables(), new ArrayList<>());
        try {
            defaults.finish(ctx);
        } catch (OptionError e) {
            throw failure(e, "Inetd mode: ", List.of());
        }
        throw new ConfigException("Inetd mode: not supported yet (put the service in a [section] with \"accept\")");
    }

    private static ConfigException failure(OptionError e, String prefix, List<Origin> includes) {
        List<String> lines = new ArrayList<>(e.details());
        lines.add(e.at() != null ? e.at().prefix() + ": " + e.reason() : prefix + e.reason());
        return failure(lines, includes);
    }

    /** Adds stunnel's {@code Failed to include a file} line for each enclosing include, innermost first. */
    private static ConfigException failure(List<String> lines, List<Origin> includes) {
        List<String> all = new ArrayList<>(lines);
        for (int i = includes.size() - 1; i >= 0; i--) {
            all.add(includes.get(i).prefix() + ": Failed to include a file");
        }
        return new ConfigException(all);
    }
}
