package dev.encore.support.security;

import java.security.Principal;

import jakarta.ws.rs.core.SecurityContext;

/** The JAX-RS view of a request's caller: the verified token as principal, its {@code groups} as roles. */
record TokenSecurityContext(AccessToken token, boolean secure) implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
        return token;
    }

    @Override
    public boolean isUserInRole(String role) {
        return token != null && token.hasRole(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return token == null ? null : "Bearer";
    }
}
