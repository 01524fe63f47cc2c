package im.admin.search;

import im.core.search.MessageSearch;
import im.core.search.SearchStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/search")
@Tag(name = "Admin: search",
		description = "The message search index: how far it is, and rebuilding it from the database (ADMIN role only)")
class SearchAdminController {

	private final MessageSearch search;

	SearchAdminController(MessageSearch search) {
		this.search = search;
	}

	@GetMapping
	@Operation(summary = "Search index status",
			description = "The id up to which every message is indexed, the highest message id stored, how many ids "
					+ "the index has yet to take ('behind'), and how many messages it holds.")
	SearchStatus status() {
		return this.search.status();
	}

	@PostMapping("/rebuild")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Rebuild the search index",
			description = "Empties the index and indexes every message again from the database, in the background "
					+ "(searches find less until it has caught up: watch 'behind'). For an index lost, damaged, or "
					+ "left behind by a restored database backup.")
	SearchStatus rebuild() {
		this.search.rebuild();
		return this.search.status();
	}

}
