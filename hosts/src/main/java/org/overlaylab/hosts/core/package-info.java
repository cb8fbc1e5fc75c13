/*
 * The real backends' common core, neutral to what a host is made of (namespaces on this machine
 * or a machine over SSH): RealLab (one running lab and its lab-wide services) and RealHost (one of
 * its hosts), the lab shell, the command mappings and the daemons the backends start themselves.
 */
package org.overlaylab.hosts.core;
