/**
 * The evaluate job (to come): scores a snapshot over 30 randomized games at epsilon 0.05 (the Nature
 * protocol), one row per game in the run's {@code evaluations} table.
 */
package org.dqnspark.evaluator;
