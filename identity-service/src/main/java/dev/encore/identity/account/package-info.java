/** Accounts: registration, password hashing (Argon2id), profiles, roles, first-start accounts and user events. */
package dev.encore.identity.account;
