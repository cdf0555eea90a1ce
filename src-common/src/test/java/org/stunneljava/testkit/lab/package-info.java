/**
 * The gateway lab: the transparent gateway's network in namespaces, and the programs end-to-end tests run in it.
 *
 * <ul>
 *   <li>{@link org.stunneljava.testkit.lab.GatewayLab}: the namespaces app, gw, exit, dest1, dest2, their links,
 *       addresses ({@code address(host, peer, family)}), interfaces ({@code iface(host, peer)}), routing, commands
 *       inside a host ({@code exec}, {@code iptablesScript}, {@code savedRules}), and the clean-up check.</li>
 *   <li>{@link org.stunneljava.testkit.lab.InNamespace}: our jars ({@code stunnelJava(ns, mode, conf)}), any
 *       command, and the test mains, each as a {@link org.stunneljava.testkit.ManagedProcess} inside a namespace.</li>
 *   <li>{@link org.stunneljava.testkit.lab.Destination} (greeting {@code NAME PEER} then echo),
 *       {@link org.stunneljava.testkit.lab.AppClient} (one JVM in app, many checked exchanges) and
 *       {@link org.stunneljava.testkit.lab.Tap} (SO_ORIGINAL_DST of each connection, forwarding, first bytes of
 *       each side): wrappers of the mains {@code DestinationMain}, {@code AppClientMain}, {@code TapMain}, which run
 *       with the test's own class path.</li>
 * </ul>
 *
 * A test closes, in this order, the processes it started and then the lab (try-with-resources does it when the lab
 * is declared first). {@code GatewayLabTest} and the client module's {@code GatewayLabProgramsIT} show the use.
 */
package org.stunneljava.testkit.lab;
