package im.core.media;

import org.springframework.data.jpa.repository.JpaRepository;

interface MediaRepository extends JpaRepository<Media, String> {

}
