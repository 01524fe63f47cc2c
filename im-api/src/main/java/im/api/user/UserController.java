package im.api.user;

import im.core.paging.PageResponse;
import im.core.account.AccountService;
import im.core.account.UserId;
import im.core.paging.PageNumber;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Finding people to talk to")
class UserController {

	private final AccountService accounts;

	UserController(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping
	@Operation(summary = "Find users",
			description = "Users whose username or display name contains the query, ignoring case, ordered by "
					+ "username. Without a query, everyone. Paged: 'page' counts from 0 (to 1,000,000), 'size' is 1 to 100.")
	PageResponse<UserResponse> search(
			@Parameter(description = "Text to look for") @RequestParam(defaultValue = "") @Size(max = 64) String query,
			@RequestParam(defaultValue = "0") @PageNumber int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return PageResponse.of(this.accounts.search(query, page, size), UserResponse::of);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get one user", description = "The public profile of a user; 404 if there is none.")
	UserResponse get(@PathVariable long id) {
		return UserResponse.of(this.accounts.profile(new UserId(id)));
	}

}
