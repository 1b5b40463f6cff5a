/**
 * The mobile data budget: the billing period's calendar ({@link dev.failberry.budget.BillingPeriod}), the
 * decisions at the warning, the cap, a new period and an admin's lift or block, as pure functions of the
 * remembered state ({@link dev.failberry.budget.Budget}), and that state on disk, saved at once whenever it
 * changes so no restart or power cut opens a block ({@link dev.failberry.budget.BudgetStore}). The daemon's
 * {@code BudgetBridge} feeds it every usage sample on the supervisor's thread and has {@code net} carry out
 * the block; nothing here does I/O but the store.
 */
package dev.failberry.budget;
