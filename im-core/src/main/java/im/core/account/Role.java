package im.core.account;

/** What an account may do. An {@link #ADMIN} can do everything a {@link #USER} can. */
public enum Role {

	USER, ADMIN

}
