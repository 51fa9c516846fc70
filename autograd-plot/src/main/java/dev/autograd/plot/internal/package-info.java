/**
 * Implementation of {@code dev.autograd.plot}: the XChart panel with a background layer, the grid
 * canvas, font selection, exporters, colour maps, field sampling and projections. Not API: it may
 * change in any release and is left out of the Javadoc.
 */
package dev.autograd.plot.internal;
